package dev.align4j.examples.poc;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks of the proof of concept's packages, with messages in the library's style (the argument's name, the
 * value and what was expected). Core's {@code Require} is exported only to the library's own modules, and the examples
 * are an application of the library, so they keep the few checks they need here.
 */
public final class Arguments {
  private Arguments() {}

  /** The value; refuses null. */
  public static <T> T nonNull(String name, @Nullable T value) {
    return Objects.requireNonNull(value, () -> name + " must not be null");
  }

  /** Refuses a false condition with the formatted message. */
  public static void argument(boolean condition, String messageFormat, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, messageFormat, args));
    }
  }

  /** The string; refuses null or blank. */
  public static String nonBlank(String name, @Nullable String value) {
    nonNull(name, value);
    argument(!value.isBlank(), "%s must not be blank, was \"%s\"", name, value);
    return value;
  }

  /** The collection; refuses null or empty. */
  public static <C extends Collection<?>> C nonEmpty(String name, @Nullable C values) {
    nonNull(name, values);
    argument(!values.isEmpty(), "%s must not be empty", name);
    return values;
  }

  /** The value; refuses a negative one. */
  public static int nonNegative(String name, int value) {
    argument(value >= 0, "%s must be >= 0, was %d", name, value);
    return value;
  }

  /** The value; refuses a negative or non-finite one. */
  public static double nonNegative(String name, double value) {
    argument(
        value >= 0 && Double.isFinite(value), "%s must be finite and >= 0, was %s", name, value);
    return value;
  }

  /** The value; refuses NaN and infinities. */
  public static double finite(String name, double value) {
    argument(Double.isFinite(value), "%s must be finite, was %s", name, value);
    return value;
  }

  /** The value; refuses one outside [0, 1]. */
  public static double probability(String name, double value) {
    argument(value >= 0 && value <= 1, "%s must be in [0, 1], was %s", name, value);
    return value;
  }
}
