package dev.align4j.core.eval;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StandardNormal;
import dev.align4j.core.math.WilsonInterval;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a judge or a reward model favours length, decided on an effect size with its confidence interval against
 * a threshold, not on a p-value. The effect is a correlation in [−1, 1] between "longer" and "preferred":
 *
 * <ul>
 *   <li>for pairwise judgements ({@link #ofLongerWins}): the length–win correlation {@code r = 2p − 1}, p the share
 *       of decisive, unequal-length comparisons won by the longer candidate (the rank-biserial correlation between
 *       length and winning); its interval is the Wilson score interval of p, mapped by {@code 2p − 1};
 *   <li>for scores ({@link #ofCorrelation}): the Pearson correlation of score and length over n scored completions;
 *       its interval is Fisher's z interval, {@code tanh(atanh r ± z_{1−α/2} / sqrt(n − 3))} (scipy's
 *       {@code pearsonr(...).confidence_interval()}).
 * </ul>
 *
 * <p>With threshold t (default 0.1, Cohen 1988's "small" correlation, the smallest effect worth acting on; for
 * pairwise judgements p outside [0.45, 0.55]) and the interval [L, U] at confidence 1 − α (default 95 %):
 * {@link Verdict#BIASED} when the whole interval lies beyond the threshold ({@code L > t} or {@code U < −t}),
 * {@link Verdict#UNBIASED} when it lies inside ({@code −t ≤ L} and {@code U ≤ t}), {@link Verdict#INCONCLUSIVE}
 * otherwise (too few data to tell; an interval test of equivalence, not absence of evidence). As a
 * {@link HealthSignal}: BIASED is FAILED (code {@code LENGTH_BIASED}), INCONCLUSIVE is WARNING
 * ({@code LENGTH_BIAS_INCONCLUSIVE}), UNBIASED is HEALTHY ({@code OK}).
 *
 * @param source who was measured, e.g. {@code "judge:gpt-4o"} or {@code "reward_model"} (the status's source)
 * @param statistic {@code "length_win_correlation"} or {@code "length_pearson"}
 * @param estimate the correlation r
 * @param lower L
 * @param upper U
 * @param n the comparisons or scored completions behind it
 * @param threshold t in (0, 1)
 * @param alpha α in (0, 1)
 * @param verdict the decision
 */
public record LengthBiasVerdict(
    String source,
    String statistic,
    double estimate,
    double lower,
    double upper,
    int n,
    double threshold,
    double alpha,
    Verdict verdict)
    implements HealthSignal {

  /** Default threshold t = 0.1 (Cohen 1988, small correlation). */
  public static final double DEFAULT_THRESHOLD = 0.1;

  /** Default α = 0.05 (95 % intervals). */
  public static final double DEFAULT_ALPHA = 0.05;

  /** The decision. */
  public enum Verdict {
    /** The whole interval lies beyond the threshold. */
    BIASED,
    /** The whole interval lies within ±threshold. */
    UNBIASED,
    /** The interval straddles a threshold. */
    INCONCLUSIVE
  }

  /** Validates the fields. */
  public LengthBiasVerdict {
    Require.nonBlank("source", source);
    Require.nonBlank("statistic", statistic);
    Require.inClosedRange("estimate", Require.finite("estimate", estimate), -1, 1);
    Require.argument(
        lower <= estimate && estimate <= upper,
        "the interval [lower, upper] must hold the estimate, was [%s, %s] around %s",
        lower,
        upper,
        estimate);
    Require.nonNegative("n", n);
    Require.inOpenRange("threshold", threshold, 0, 1);
    Require.inOpenRange("alpha", alpha, 0, 1);
    Require.nonNull("verdict", verdict);
  }

  /**
   * The verdict on pairwise judgements: {@code longerWins} of {@code decisive} unequal-length, decisive comparisons
   * won by the longer candidate. With no such comparison the interval is [−1, 1] (INCONCLUSIVE).
   */
  public static LengthBiasVerdict ofLongerWins(
      String source, int longerWins, int decisive, double threshold, double alpha) {
    Require.nonNegative("decisive", decisive);
    Require.inClosedRange("longerWins", longerWins, 0, decisive);
    Require.inOpenRange("alpha", alpha, 0, 1);
    if (decisive == 0) {
      return decide(source, "length_win_correlation", 0.0, -1.0, 1.0, 0, threshold, alpha);
    }
    double[] ci = WilsonInterval.twoSided(longerWins, decisive, alpha);
    double p = (double) longerWins / decisive;
    return decide(
        source,
        "length_win_correlation",
        2 * p - 1,
        2 * ci[0] - 1,
        2 * ci[1] - 1,
        decisive,
        threshold,
        alpha);
  }

  /**
   * The verdict on a Pearson correlation {@code r} of score and length over {@code n} completions. With n ≤ 3 or
   * |r| = 1 Fisher's interval is undefined or degenerate; n ≤ 3 gives [−1, 1] (INCONCLUSIVE), |r| = 1 with n &gt; 3
   * gives [r, r].
   */
  public static LengthBiasVerdict ofCorrelation(
      String source, double r, int n, double threshold, double alpha) {
    Require.inClosedRange("r", Require.finite("r", r), -1, 1);
    Require.nonNegative("n", n);
    Require.inOpenRange("alpha", alpha, 0, 1);
    if (n <= 3) {
      return decide(source, "length_pearson", r, -1.0, 1.0, n, threshold, alpha);
    }
    if (Math.abs(r) == 1.0) {
      return decide(source, "length_pearson", r, r, r, n, threshold, alpha);
    }
    double z = 0.5 * Math.log((1 + r) / (1 - r));
    double half = StandardNormal.quantile(1 - alpha / 2) / Math.sqrt(n - 3.0);
    return decide(
        source, "length_pearson", r, Math.tanh(z - half), Math.tanh(z + half), n, threshold, alpha);
  }

  private static LengthBiasVerdict decide(
      String source,
      String statistic,
      double r,
      double lo,
      double hi,
      int n,
      double t,
      double alpha) {
    Require.inOpenRange("threshold", t, 0, 1);
    // the interval holds the estimate also where rounding at p = 0 or 1 would put it a hair inside
    lo = Math.min(lo, r);
    hi = Math.max(hi, r);
    Verdict v =
        lo > t || hi < -t
            ? Verdict.BIASED
            : (lo >= -t && hi <= t ? Verdict.UNBIASED : Verdict.INCONCLUSIVE);
    return new LengthBiasVerdict(source, statistic, r, lo, hi, n, t, alpha, v);
  }

  /** Whether the verdict is {@link Verdict#BIASED}. */
  public boolean biased() {
    return verdict == Verdict.BIASED;
  }

  /** The verdict as a health status (no timestamp: a verdict is a finding on a data set, not an observation). */
  @Override
  public HealthStatus status() {
    Map<String, Double> evidence =
        Map.of(
            statistic,
            estimate,
            statistic + "_lower",
            lower,
            statistic + "_upper",
            upper,
            "n",
            (double) n,
            "threshold",
            threshold);
    String reason =
        String.format(
            Locale.ROOT,
            "%s %.3f, %.0f%% interval [%.3f, %.3f] over %d, threshold ±%.2f: %s",
            statistic,
            estimate,
            100 * (1 - alpha),
            lower,
            upper,
            n,
            threshold,
            verdict.name().toLowerCase(Locale.ROOT));
    switch (verdict) {
      case BIASED:
        return new HealthStatus(
            source, HealthStatus.State.FAILED, "LENGTH_BIASED", reason, evidence, null);
      case INCONCLUSIVE:
        return new HealthStatus(
            source, HealthStatus.State.WARNING, "LENGTH_BIAS_INCONCLUSIVE", reason, evidence, null);
      default:
        return new HealthStatus(source, HealthStatus.State.HEALTHY, "OK", reason, evidence, null);
    }
  }
}
