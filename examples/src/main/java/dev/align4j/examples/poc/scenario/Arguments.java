package dev.align4j.examples.poc.scenario;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks for this package, with messages in the library's style (name, value, what was expected). The
 * library's own checks are not exported to applications, which is what the examples are.
 */
final class Arguments {
  private Arguments() {}

  static <T> T nonNull(String name, @Nullable T value) {
    return Objects.requireNonNull(value, () -> name + " must not be null");
  }

  static void argument(boolean condition, String messageFormat, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, messageFormat, args));
    }
  }

  static String nonBlank(String name, @Nullable String value) {
    nonNull(name, value);
    argument(!value.isBlank(), "%s must not be blank, was \"%s\"", name, value);
    return value;
  }

  static <C extends Collection<?>> C nonEmpty(String name, @Nullable C values) {
    nonNull(name, values);
    argument(!values.isEmpty(), "%s must not be empty", name);
    return values;
  }

  static int nonNegative(String name, int value) {
    argument(value >= 0, "%s must be >= 0, was %d", name, value);
    return value;
  }

  static double nonNegative(String name, double value) {
    argument(
        value >= 0 && Double.isFinite(value), "%s must be finite and >= 0, was %s", name, value);
    return value;
  }

  static double finite(String name, double value) {
    argument(Double.isFinite(value), "%s must be finite, was %s", name, value);
    return value;
  }

  static double probability(String name, double value) {
    argument(value >= 0 && value <= 1, "%s must be in [0, 1], was %s", name, value);
    return value;
  }
}
