package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;

/**
 * The closed range {@code [lo, hi]} of the tested quantity θ that counts as acceptable; either end may be infinite.
 * For a two-sample metric θ is candidate − incumbent, for a one-sample metric it is the candidate's own level.
 * "Harm" means θ lies outside the range; "acceptable" means it lies inside.
 *
 * @param lo the lowest acceptable value (may be −∞)
 * @param hi the highest acceptable value (may be +∞)
 */
public record AcceptableRange(double lo, double hi) {
  /** Validates {@code lo <= hi}, neither NaN. */
  public AcceptableRange {
    Require.argument(
        !Double.isNaN(lo) && !Double.isNaN(hi) && lo <= hi, "range must have lo <= hi, was [%s, %s]", lo, hi);
  }

  /** {@code (−∞, hi]}. */
  public static AcceptableRange atMost(double hi) {
    return new AcceptableRange(Double.NEGATIVE_INFINITY, hi);
  }

  /** {@code [lo, +∞)}. */
  public static AcceptableRange atLeast(double lo) {
    return new AcceptableRange(lo, Double.POSITIVE_INFINITY);
  }

  /** Whether {@code x} is inside. */
  public boolean contains(double x) {
    return x >= lo && x <= hi;
  }
}
