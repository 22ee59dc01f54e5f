package dev.align4j.examples.poc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundle's apostrophes come out as one apostrophe, whichever way a message is resolved: a message without
 * arguments is shown as written ({@link Text#key}), a message with arguments goes through {@code MessageFormat}
 * ({@link Text#format}), where {@code ''} stands for one apostrophe.
 */
class ReportMessagesTest {

  private static final Pattern ARGUMENT = Pattern.compile("\\{\\d");

  @ParameterizedTest
  @ValueSource(strings = {"ReportMessages.properties", "ReportMessages_ja.properties"})
  void every_message_renders_its_apostrophes_once(String file) throws IOException {
    Properties raw = new Properties();
    try (InputStream in = ReportMessages.class.getResourceAsStream(file)) {
      raw.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    Locale locale = file.contains("_ja") ? Locale.JAPANESE : Locale.ENGLISH;
    ReportMessages messages = ReportMessages.forLocale(locale);
    for (String key : raw.stringPropertyNames()) {
      String pattern = raw.getProperty(key);
      boolean hasArguments = ARGUMENT.matcher(pattern).find();
      String shown =
          hasArguments
              ? messages.resolve(Text.format(key, "a", "b", "c", "d", "e"))
              : messages.resolve(Text.key(key));
      assertFalse(shown.contains("''"), () -> key + " in " + file + " is shown as: " + shown);
      // a written apostrophe (one in a plain message, '' in a pattern) is shown as one
      long written =
          hasArguments
              ? pattern.split("''", -1).length - 1L
              : pattern.chars().filter(ch -> ch == '\'').count();
      assertEquals(
          written,
          shown.chars().filter(ch -> ch == '\'').count(),
          () -> key + " in " + file + " lost or gained an apostrophe: " + shown);
    }
  }
}
