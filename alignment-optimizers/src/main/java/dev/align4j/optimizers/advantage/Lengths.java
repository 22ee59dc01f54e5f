package dev.align4j.optimizers.advantage;

import dev.align4j.core.check.Require;

/** Checks of the ragged layout shared by the estimators. */
final class Lengths {
  private Lengths() {}

  /** Validates per-sequence token counts and returns their sum. */
  static int check(int[] lengths) {
    Require.nonNull("lengths", lengths);
    Require.argument(lengths.length > 0, "lengths must hold at least one sequence, was empty");
    long total = 0;
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] < 0) {
        throw new IllegalArgumentException("lengths[" + i + "] must be >= 0, was " + lengths[i]);
      }
      total += lengths[i];
    }
    Require.argument(total <= Integer.MAX_VALUE, "sum of lengths must fit an int, was %d", total);
    return (int) total;
  }

  static void requireTokens(String name, double[] array, int tokens) {
    if (array.length != tokens) {
      throw new IllegalArgumentException(
          name + " must hold one value per token (sum of lengths = " + tokens + "), had " + array.length);
    }
  }

  /** Validates a flat per-sample array split into consecutive groups of {@code groupSize}; returns the group count. */
  static int groups(String name, double[] values, int groupSize, int minGroupSize) {
    Require.allFinite(name, Require.nonNull(name, values));
    if (groupSize < minGroupSize) {
      throw new IllegalArgumentException("groupSize must be >= " + minGroupSize + ", was " + groupSize);
    }
    if (values.length == 0 || values.length % groupSize != 0) {
      throw new IllegalArgumentException(name + " length (" + values.length
          + ") must be a positive multiple of groupSize (" + groupSize + ")");
    }
    return values.length / groupSize;
  }

  /** Whether every value of the group starting at {@code from} is identical (its advantages are then exactly 0). */
  static boolean constant(double[] values, int from, int size) {
    for (int j = from + 1; j < from + size; j++) {
      if (values[j] != values[from]) {
        return false;
      }
    }
    return true;
  }
}
