package dev.align4j.examples.poc.report;

import dev.align4j.examples.poc.Arguments;

/**
 * A piece of report text: either a message key looked up in the report's resource bundle for the chosen language, or
 * a literal string from the run (a model name, a number) shown as it is. Both are escaped when rendered.
 */
public sealed interface Text permits Text.Key, Text.Literal {

  /** A message key of {@code ReportMessages}. */
  static Text key(String key) {
    return new Key(key);
  }

  /** A literal string shown as it is, in every language. */
  static Text literal(String text) {
    return new Literal(text);
  }

  /**
   * A message key resolved in the report's language.
   *
   * @param key the bundle key, not blank
   */
  record Key(String key) implements Text {
    /** Checks the key. */
    public Key {
      Arguments.nonBlank("key", key);
    }
  }

  /**
   * A literal string.
   *
   * @param text the text, possibly empty
   */
  record Literal(String text) implements Text {
    /** Checks the text. */
    public Literal {
      Arguments.nonNull("text", text);
    }
  }
}
