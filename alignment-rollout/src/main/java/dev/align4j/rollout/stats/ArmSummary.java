package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;

/**
 * Streaming sufficient statistics of one arm's observations of one metric: count, mean and the sum of squared
 * deviations (Welford 1962), plus how many NaN observations were seen and dropped. Ten million observations are
 * summarised in three numbers; two summaries merge exactly (Chan, Golub and LeVeque 1979).
 *
 * <p>For a rate (0/1 observations) the mean is the rate and {@code sum()} the event count.
 *
 * @param n the number of finite observations, {@code >= 0}
 * @param mean their mean (0 when {@code n == 0}), in the metric's units
 * @param m2 the sum of squared deviations from the mean, {@code >= 0}, in squared units
 * @param nanCount how many NaN observations were seen (not part of {@code n})
 */
public record ArmSummary(long n, double mean, double m2, long nanCount) {

  /** The summary of no observations. */
  public static final ArmSummary EMPTY = new ArmSummary(0, 0, 0, 0);

  /** Validates: counts non-negative, mean finite, m2 finite and non-negative, mean 0 when n is 0. */
  public ArmSummary {
    Require.argument(n >= 0, "n must be >= 0, was %d", n);
    Require.argument(nanCount >= 0, "nanCount must be >= 0, was %d", nanCount);
    Require.finite("mean", mean);
    Require.nonNegative("m2", m2);
    Require.argument(n > 0 || (mean == 0 && m2 == 0), "mean and m2 must be 0 when n is 0, were %s and %s", mean, m2);
  }

  /** The summary of {@code values} (NaN values are counted in {@code nanCount}; infinities are rejected). */
  public static ArmSummary of(double... values) {
    Require.nonNull("values", values);
    RunningStats s = new RunningStats();
    for (double v : values) {
      s.add(v);
    }
    return s.summary();
  }

  /**
   * The summary of a rate: {@code events} successes out of {@code trials}.
   *
   * @throws IllegalArgumentException if {@code trials < 0}, {@code events < 0} or {@code events > trials}
   */
  public static ArmSummary ofRate(long events, long trials) {
    Require.argument(trials >= 0, "trials must be >= 0, was %d", trials);
    Require.argument(events >= 0 && events <= trials, "events must be in [0, trials=%d], was %d", trials, events);
    if (trials == 0) {
      return EMPTY;
    }
    double p = (double) events / trials;
    return new ArmSummary(trials, p, events * (1 - p) * (1 - p) + (trials - events) * p * p, 0);
  }

  /**
   * The summary of {@code n} observations given by their mean and their unbiased sample standard deviation.
   */
  public static ArmSummary ofMoments(long n, double mean, double sampleSd) {
    Require.argument(n >= 0, "n must be >= 0, was %d", n);
    Require.finite("mean", mean);
    Require.nonNegative("sampleSd", sampleSd);
    if (n == 0) {
      return EMPTY;
    }
    return new ArmSummary(n, mean, n > 1 ? sampleSd * sampleSd * (n - 1) : 0, 0);
  }

  /** The sum of the observations ({@code n · mean}); for a rate, the event count. */
  public double sum() {
    return n * mean;
  }

  /** The unbiased sample variance {@code m2 / (n − 1)}; 0 for fewer than two observations. */
  public double variance() {
    return n > 1 ? m2 / (n - 1) : 0;
  }

  /** The variance of the mean, {@code variance() / n}; +∞ when {@code n == 0}. */
  public double varianceOfMean() {
    return n == 0 ? Double.POSITIVE_INFINITY : variance() / n;
  }

  /** Both summaries pooled, exactly (Chan et al.'s parallel update). */
  public ArmSummary merge(ArmSummary other) {
    Require.nonNull("other", other);
    if (other.n == 0) {
      return new ArmSummary(n, mean, m2, nanCount + other.nanCount);
    }
    if (n == 0) {
      return new ArmSummary(other.n, other.mean, other.m2, nanCount + other.nanCount);
    }
    long total = n + other.n;
    double delta = other.mean - mean;
    double newMean = mean + delta * other.n / total;
    double newM2 = m2 + other.m2 + delta * delta * ((double) n * other.n / total);
    return new ArmSummary(total, newMean, newM2, nanCount + other.nanCount);
  }
}
