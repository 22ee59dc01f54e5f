package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;

/**
 * What a {@link SequentialTest} found at one look.
 *
 * @param n the smaller arm's sample size (one-sample tests: the candidate's)
 * @param estimate the point estimate of θ (difference or level), in the metric's units
 * @param lower the lower end of the interval at the requested α (a confidence sequence for anytime-valid tests)
 * @param upper the upper end of that interval
 * @param statistic the test's own statistic (z, log-likelihood ratio, U ...), for the audit trail
 * @param pHarm a p-value for "θ is outside the acceptable range"; small means harm is shown
 * @param pAcceptable a p-value for "θ is inside the acceptable range"; small means acceptability is shown
 */
public record TestResult(
    long n, double estimate, double lower, double upper, double statistic, double pHarm, double pAcceptable) {

  /** Validates: {@code n >= 0}, both p-values in [0, 1], {@code lower <= upper} (neither NaN; either may be ±∞). */
  public TestResult {
    Require.argument(n >= 0, "n must be >= 0, was %d", n);
    Require.probability("pHarm", pHarm);
    Require.probability("pAcceptable", pAcceptable);
    Require.argument(!Double.isNaN(lower) && !Double.isNaN(upper) && lower <= upper,
        "lower must be <= upper (neither NaN), were %s and %s", lower, upper);
  }

  /** The result of a look without data: nothing shown either way. */
  public static TestResult noData() {
    return new TestResult(0, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, 1, 1);
  }
}
