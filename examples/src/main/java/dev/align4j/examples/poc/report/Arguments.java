package dev.align4j.examples.poc.report;

import java.util.Collection;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks of the report records. Core's {@code Require} is not exported to the examples (it is internal to
 * the library modules), so this package keeps the few checks it needs, with the same message form: the argument's
 * name, the value and what was expected.
 */
final class Arguments {

  private Arguments() {}

  static <T> T nonNull(String name, @Nullable T value) {
    return Objects.requireNonNull(value, () -> name + ": expected a value, got null");
  }

  static String nonBlank(String name, @Nullable String value) {
    if (nonNull(name, value).isBlank()) {
      throw new IllegalArgumentException(
          name + ": expected a non-blank string, got '" + value + "'");
    }
    return value;
  }

  static <C extends Collection<?>> C nonEmpty(String name, @Nullable C values) {
    if (nonNull(name, values).isEmpty()) {
      throw new IllegalArgumentException(name + ": expected at least one element, got none");
    }
    return values;
  }

  static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + ": expected a finite number, got " + value);
    }
    return value;
  }

  static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": expected a value >= 0, got " + value);
    }
    return value;
  }

  static void argument(boolean condition, String messageFormat, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(messageFormat, args));
    }
  }
}
