package dev.align4j.feedback.agreement;

import dev.align4j.core.check.Require;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Percentile bootstrap over units (Efron &amp; Tibshirani 1993, ch. 13): resample the {@code n} units with replacement
 * {@code resamples} times, recompute the statistic on each resample, and take the {@code (1−level)/2} and
 * {@code (1+level)/2} quantiles. Resamples on which the statistic is undefined (NaN) are skipped and counted; if more
 * than half are, the interval is refused. Deterministic for a seeded generator.
 */
public final class Bootstrap {
  private Bootstrap() {}

  /**
   * @param units number of units, {@code >= 2}
   * @param statistic the statistic of a resample given as unit indices (with repeats)
   * @param resamples number of resamples, {@code >= 100} recommended (at least 10 enforced)
   * @param level confidence level in (0, 1)
   * @param random seeded generator
   */
  public static ConfidenceInterval percentile(int units, ToDoubleFunction<int[]> statistic, int resamples, double level,
      RandomGenerator random) {
    Require.argument(units >= 2, "units must be >= 2, was %d", units);
    Require.nonNull("statistic", statistic);
    Require.argument(resamples >= 10, "resamples must be >= 10, was %d", resamples);
    Require.inOpenRange("level", level, 0, 1);
    Require.nonNull("random", random);
    int[] all = new int[units];
    for (int i = 0; i < units; i++) {
      all[i] = i;
    }
    double estimate = statistic.applyAsDouble(all);
    double[] stats = new double[resamples];
    int kept = 0;
    int[] idx = new int[units];
    for (int b = 0; b < resamples; b++) {
      for (int i = 0; i < units; i++) {
        idx[i] = random.nextInt(units);
      }
      double s = statistic.applyAsDouble(idx);
      if (!Double.isNaN(s)) {
        stats[kept++] = s;
      }
    }
    Require.argument(kept * 2 >= resamples,
        "statistic must be defined on most resamples, was defined on %d of %d", kept, resamples);
    double[] sorted = Arrays.copyOf(stats, kept);
    Arrays.sort(sorted);
    double lo = quantile(sorted, (1 - level) / 2);
    double hi = quantile(sorted, (1 + level) / 2);
    return new ConfidenceInterval(estimate, Math.min(lo, hi), Math.max(lo, hi), level);
  }

  /** Linear-interpolation quantile (type 7) of sorted data. */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
