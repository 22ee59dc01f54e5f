package dev.align4j.feedback.agreement;

import dev.align4j.core.check.Require;

/**
 * A point estimate with a two-sided confidence interval.
 *
 * @param estimate the statistic on the full data
 * @param lower lower bound
 * @param upper upper bound
 * @param level confidence level in (0, 1), e.g. 0.95
 */
public record ConfidenceInterval(double estimate, double lower, double upper, double level) {
  /** Validates ordering and level. */
  public ConfidenceInterval {
    Require.inOpenRange("level", level, 0, 1);
    Require.argument(lower <= upper, "lower must be <= upper, was lower=%s, upper=%s", lower, upper);
  }

  /** Whether {@code value} lies in [lower, upper]. */
  public boolean contains(double value) {
    return value >= lower && value <= upper;
  }
}
