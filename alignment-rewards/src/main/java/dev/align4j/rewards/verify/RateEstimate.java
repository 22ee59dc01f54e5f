package dev.align4j.rewards.verify;

import dev.align4j.core.check.Require;

/**
 * A point estimate with its interval, {@code lower <= estimate <= upper}, all finite; a rate, or a count when scaled
 * to a population.
 *
 * @param estimate the point estimate
 * @param lower the interval's lower bound
 * @param upper the interval's upper bound
 */
public record RateEstimate(double estimate, double lower, double upper) {
  /** Validates the order of the three values. */
  public RateEstimate {
    Require.finite("estimate", estimate);
    Require.finite("lower", lower);
    Require.finite("upper", upper);
    Require.argument(
        lower <= estimate && estimate <= upper,
        "lower <= estimate <= upper must hold, was %s, %s, %s",
        lower,
        estimate,
        upper);
  }

  /** Whether {@code value} lies in {@code [lower, upper]}. */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }

  /** This estimate with every value multiplied by {@code factor} &gt;= 0 (a rate scaled to a count). */
  public RateEstimate scaled(double factor) {
    Require.nonNegative("factor", factor);
    return new RateEstimate(estimate * factor, lower * factor, upper * factor);
  }
}
