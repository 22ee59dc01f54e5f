package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.WilsonInterval;
import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * Fixed-sample confidence bounds for a binomial proportion with {@code x} events in {@code n} trials.
 *
 * <ul>
 *   <li>Wilson (1927) score interval {@code [p̂ + z²/2n ± z·sqrt(p̂(1−p̂)/n + z²/4n²)] / (1 + z²/n)}, computed by
 *       core's {@link WilsonInterval} (its one home);
 *   <li>Clopper–Pearson (1934) exact interval: {@code [Beta⁻¹(α/2; x, n−x+1), Beta⁻¹(1−α/2; x+1, n−x)]}, with 0 when
 *       {@code x = 0} and 1 when {@code x = n}.
 * </ul>
 *
 * <p>The one-sided upper bounds at level 1 − α use {@code z_{1−α}} and {@code Beta⁻¹(1−α; x+1, n−x)}. With zero
 * events the Clopper–Pearson upper bound is {@code 1 − α^{1/n}} (≈ 3/n at 95%, the rule of three), so certifying a
 * rate ≤ τ needs {@code n ≥ ln(1/α)/τ} clean trials ({@link #minTrialsToCertify}). Read once, at a horizon fixed in
 * advance; for repeated looks use {@link BernoulliConfidenceSequence}.
 */
public final class BinomialBounds {
  private BinomialBounds() {}

  private static void check(long x, long n) {
    Require.argument(n > 0, "n must be > 0, was %d", n);
    Require.argument(x >= 0 && x <= n, "x must be in [0, n=%d], was %d", n, x);
  }

  /** The two-sided Wilson interval {@code [lower, upper]} at confidence {@code 1 − alpha} ({@link WilsonInterval}). */
  public static double[] wilson(long x, long n, double alpha) {
    return WilsonInterval.twoSided(x, n, alpha);
  }

  /** The one-sided Wilson upper bound at confidence {@code 1 − alpha} ({@link WilsonInterval}). */
  public static double wilsonUpper(long x, long n, double alpha) {
    return WilsonInterval.upperBound(x, n, alpha);
  }

  /** The two-sided Clopper–Pearson interval at confidence {@code 1 − alpha}. */
  public static double[] clopperPearson(long x, long n, double alpha) {
    check(x, n);
    Require.inOpenRange("alpha", alpha, 0, 1);
    double lo =
        x == 0 ? 0 : BetaDistribution.of(x, n - x + 1.0).inverseCumulativeProbability(alpha / 2);
    double hi =
        x == n ? 1 : BetaDistribution.of(x + 1.0, n - x).inverseSurvivalProbability(alpha / 2);
    return new double[] {lo, hi};
  }

  /** The one-sided Clopper–Pearson upper bound at confidence {@code 1 − alpha}. */
  public static double clopperPearsonUpper(long x, long n, double alpha) {
    check(x, n);
    Require.inOpenRange("alpha", alpha, 0, 1);
    if (x == n) {
      return 1;
    }
    if (x == 0) {
      return -Math.expm1(Math.log(alpha) / n);
    }
    return BetaDistribution.of(x + 1.0, n - x).inverseSurvivalProbability(alpha);
  }

  /** The smallest number of event-free trials whose one-sided upper bound at {@code 1 − alpha} is ≤ {@code tau}. */
  public static long minTrialsToCertify(double tau, double alpha) {
    Require.inOpenRange("tau", tau, 0, 1);
    Require.inOpenRange("alpha", alpha, 0, 1);
    return (long) Math.ceil(Math.log(alpha) / Math.log1p(-tau));
  }
}
