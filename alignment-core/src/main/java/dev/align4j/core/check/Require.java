package dev.align4j.core.check;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by every align4j module.
 *
 * <p>Every failure is an {@link IllegalArgumentException} (or {@link NullPointerException} for a missing value) whose
 * message has the same three parts: the argument's name, the value it had, and what was expected, for example
 * {@code "beta must be finite and > 0, was -0.1"}. Callers pass the name exactly as the user wrote it (a builder
 * method, a config key such as {@code "simpo_gamma"}, or an indexed element such as {@code "policyChosen[17]"}).
 */
public final class Require {
  private Require() {}

  /**
   * Returns {@code value} if it is not null, otherwise throws {@code NullPointerException("<name> must not be null")}.
   */
  public static <T> T nonNull(String name, @Nullable T value) {
    if (value == null) {
      throw new NullPointerException(name + " must not be null");
    }
    return value;
  }

  /** Throws {@code IllegalArgumentException} with the formatted message when {@code condition} is false. */
  public static void argument(boolean condition, String messageFormat, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, messageFormat, args));
    }
  }

  /** Requires a finite value (neither NaN nor infinite). */
  public static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite, was " + value);
    }
    return value;
  }

  /** Requires a finite value strictly greater than zero. */
  public static double positive(String name, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, was " + value);
    }
    return value;
  }

  /** Requires a finite value greater than or equal to zero. */
  public static double nonNegative(String name, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, was " + value);
    }
    return value;
  }

  /** Requires {@code lo <= value <= hi} (closed interval; NaN fails). */
  public static double inClosedRange(String name, double value, double lo, double hi) {
    if (!(value >= lo && value <= hi)) {
      throw new IllegalArgumentException(
          name + " must be in [" + lo + ", " + hi + "], was " + value);
    }
    return value;
  }

  /** Requires {@code lo < value < hi} (open interval; NaN fails). */
  public static double inOpenRange(String name, double value, double lo, double hi) {
    if (!(value > lo && value < hi)) {
      throw new IllegalArgumentException(
          name + " must be in (" + lo + ", " + hi + "), was " + value);
    }
    return value;
  }

  /** Requires a probability, {@code 0 <= p <= 1}. */
  public static double probability(String name, double p) {
    return inClosedRange(name, p, 0.0, 1.0);
  }

  /** Requires an int greater than zero. */
  public static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
    return value;
  }

  /** Requires a long greater than zero. */
  public static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
    return value;
  }

  /** Requires an int greater than or equal to zero. */
  public static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + value);
    }
    return value;
  }

  /** Requires {@code lo <= value <= hi}. */
  public static int inClosedRange(String name, int value, int lo, int hi) {
    if (value < lo || value > hi) {
      throw new IllegalArgumentException(
          name + " must be in [" + lo + ", " + hi + "], was " + value);
    }
    return value;
  }

  /** Requires a non-null string that is not blank. The value is not echoed if it is long. */
  public static String nonBlank(String name, @Nullable String value) {
    nonNull(name, value);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank, was \"" + value + "\"");
    }
    return value;
  }

  /** Requires a non-null, non-empty collection without null elements. */
  public static <C extends Collection<?>> C nonEmpty(String name, @Nullable C values) {
    nonNull(name, values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return values;
  }

  /** Requires two arrays or lists to have the same length. */
  public static void sameLength(String nameA, int lengthA, String nameB, int lengthB) {
    if (lengthA != lengthB) {
      throw new IllegalArgumentException(
          nameA
              + " and "
              + nameB
              + " must have the same length, were "
              + lengthA
              + " and "
              + lengthB);
    }
  }

  /** Requires every element to be finite; the message names the first bad index. */
  public static double[] allFinite(String name, double[] values) {
    Objects.requireNonNull(values, () -> name + " must not be null");
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] must be finite, was " + values[i]);
      }
    }
    return values;
  }

  /**
   * Requires {@code values[offset .. offset + length)} to lie inside the array and to hold finite values: the check of
   * a gradient read in place from a larger array. The message names the argument, the allowed offsets and the value,
   * or the first non-finite index.
   */
  public static double[] finiteSlice(String name, double[] values, int offset, int length) {
    Objects.requireNonNull(values, () -> name + " must not be null");
    if (length < 0 || offset < 0 || offset > values.length - length) {
      throw new IllegalArgumentException(
          "offset into "
              + name
              + " must be in [0, "
              + (values.length - length)
              + "] for "
              + length
              + " tokens in an array of "
              + values.length
              + ", was "
              + offset);
    }
    for (int i = offset; i < offset + length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] must be finite, was " + values[i]);
      }
    }
    return values;
  }

  /**
   * Requires every element to be a log-probability: finite and {@code <= 0}. The message names the first bad index.
   */
  public static double[] logProbabilities(String name, double[] values) {
    Objects.requireNonNull(values, () -> name + " must not be null");
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (!(v <= 0.0) || v == Double.NEGATIVE_INFINITY) {
        throw new IllegalArgumentException(
            name + "[" + i + "] must be a finite log-probability (<= 0), was " + v);
      }
    }
    return values;
  }

  /** Shortens a text for an error message, so that messages stay readable and never dump a whole document. */
  public static String abbreviate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, Math.max(0, max - 1)) + "…";
  }
}
