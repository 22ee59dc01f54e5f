package dev.align4j.examples.poc.report;

import dev.align4j.examples.poc.Arguments;
import java.util.List;

/**
 * A piece of report text: either a message key looked up in the report's resource bundle for the chosen language, or
 * a literal string from the run (a model name, a number) shown as it is. Both are escaped when rendered.
 */
public sealed interface Text permits Text.Key, Text.Formatted, Text.Literal {

  /** A message key of {@code ReportMessages}. */
  static Text key(String key) {
    return new Key(key);
  }

  /**
   * A message key whose pattern takes arguments ({@code {0}}, {@code {1}} …, {@link java.text.MessageFormat}
   * syntax), formatted in the report's language. Pass numbers already formatted as strings when their digits must
   * not follow the language's grouping.
   */
  static Text format(String key, Object... args) {
    return new Formatted(key, List.of(args));
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
   * A message key with arguments.
   *
   * @param key the bundle key, not blank
   * @param args the pattern's arguments, none null
   */
  record Formatted(String key, List<Object> args) implements Text {
    /** Checks the key and copies the arguments. */
    public Formatted {
      Arguments.nonBlank("key", key);
      args = List.copyOf(Arguments.nonNull("args", args));
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
