package dev.align4j.examples.poc.report;

import dev.align4j.examples.poc.Arguments;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The report's labels in one language, read from the {@code ReportMessages} resource bundle of this package
 * ({@code ReportMessages.properties} for English, {@code ReportMessages_ja.properties} for Japanese; UTF-8).
 */
public final class ReportMessages {

  /** The base name of the bundle. */
  public static final String BUNDLE = "dev.align4j.examples.poc.report.ReportMessages";

  private final ResourceBundle bundle;
  private final Locale locale;

  private ReportMessages(ResourceBundle bundle, Locale locale) {
    this.bundle = bundle;
    this.locale = locale;
  }

  /**
   * The messages for {@code locale}; a language without its own bundle falls back to English (the base bundle, never
   * the JVM's default locale).
   */
  public static ReportMessages forLocale(Locale locale) {
    Arguments.nonNull("locale", locale);
    ResourceBundle bundle =
        ResourceBundle.getBundle(
            BUNDLE,
            locale,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    return new ReportMessages(bundle, locale);
  }

  /** The language these messages are for. */
  public Locale locale() {
    return locale;
  }

  /** The BCP 47 language tag written into the document's {@code lang} attribute. */
  public String languageTag() {
    String language = bundle.getLocale().getLanguage();
    return language.isEmpty() ? "en" : language;
  }

  /** The text of one message key; an unknown key is an error naming the key and the language. */
  public String get(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalArgumentException(
          "key: no report message '" + key + "' for language '" + languageTag() + "'", e);
    }
  }

  /**
   * Resolves {@code text}: a key through the bundle, a formatted key through the bundle and {@link MessageFormat} in
   * this language (a pattern's apostrophes follow {@code MessageFormat}'s quoting; an argument that is itself a
   * {@link Text} is resolved first), a literal as it is.
   */
  public String resolve(Text text) {
    if (text instanceof Text.Key key) {
      return get(key.key());
    }
    if (text instanceof Text.Formatted f) {
      Object[] args = f.args().toArray();
      for (int i = 0; i < args.length; i++) {
        if (args[i] instanceof Text nested) {
          args[i] = resolve(nested);
        }
      }
      return new MessageFormat(get(f.key()), locale).format(args);
    }
    return ((Text.Literal) text).text();
  }
}
