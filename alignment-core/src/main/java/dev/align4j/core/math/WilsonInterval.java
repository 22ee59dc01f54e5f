package dev.align4j.core.math;

import dev.align4j.core.check.Require;

/**
 * The Wilson (1927) score interval of a binomial proportion with {@code x} events in {@code n} trials:
 * {@code [p̂ + z²/2n ± z·sqrt(p̂(1−p̂)/n + z²/4n²)] / (1 + z²/n)}, {@code p̂ = x/n}, without continuity correction,
 * clipped to [0, 1]. Two-sided at confidence {@code 1 − α} with
 * {@code z = Φ⁻¹(1 − α/2)}; the one-sided upper bound with {@code z = Φ⁻¹(1 − α)} ({@link StandardNormal#quantile}).
 * The single home of the interval: rollout's fixed-horizon bounds and the review server's agreement band use it.
 */
public final class WilsonInterval {
  private WilsonInterval() {}

  /**
   * The two-sided interval {@code [lower, upper]} at confidence {@code 1 − alpha}.
   *
   * @param x events, in [0, n]
   * @param n trials, &gt; 0
   * @param alpha in (0, 1), e.g. 0.05 for 95%
   */
  public static double[] twoSided(long x, long n, double alpha) {
    check(x, n, alpha);
    return withZ(x, n, StandardNormal.quantile(1 - alpha / 2));
  }

  /**
   * The one-sided upper bound at confidence {@code 1 − alpha}.
   *
   * @param x events, in [0, n]
   * @param n trials, &gt; 0
   * @param alpha in (0, 1)
   */
  public static double upperBound(long x, long n, double alpha) {
    check(x, n, alpha);
    return withZ(x, n, StandardNormal.quantile(1 - alpha))[1];
  }

  private static void check(long x, long n, double alpha) {
    Require.argument(n > 0, "n must be > 0, was %d", n);
    Require.argument(x >= 0 && x <= n, "x must be in [0, n=%d], was %d", n, x);
    Require.inOpenRange("alpha", alpha, 0, 1);
  }

  private static double[] withZ(long x, long n, double z) {
    double p = (double) x / n;
    double z2 = z * z;
    double centre = p + z2 / (2.0 * n);
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    double den = 1 + z2 / n;
    return new double[] {Math.max(0, (centre - half) / den), Math.min(1, (centre + half) / den)};
  }
}
