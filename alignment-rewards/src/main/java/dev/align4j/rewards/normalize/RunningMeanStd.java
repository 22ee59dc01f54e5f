package dev.align4j.rewards.normalize;

import dev.align4j.core.check.Require;

/**
 * A running mean and standard deviation of a stream of rewards, updated one value at a time (Welford 1962) or one
 * batch at a time (the parallel merge of Chan, Golub &amp; LeVeque 1979), in O(1) memory and without the catastrophic
 * cancellation of the naive sum-of-squares formula. The standard deviation is the population one (divisor n), as in
 * OpenAI baselines' and TRL's running reward statistics.
 *
 * <p>Thread-safe (all methods synchronise on this object).
 */
public final class RunningMeanStd {
  private long count;
  private double mean;
  private double m2;

  /** An empty accumulator. */
  public RunningMeanStd() {}

  /** Adds one finite value. */
  public synchronized void update(double x) {
    Require.finite("x", x);
    count++;
    double d = x - mean;
    mean += d / count;
    m2 += d * (x - mean);
  }

  /** Adds a batch of finite values. */
  public synchronized void updateAll(double[] xs) {
    Require.allFinite("xs", Require.nonNull("xs", xs));
    if (xs.length == 0) {
      return;
    }
    double bMean = 0;
    for (double x : xs) {
      bMean += x;
    }
    bMean /= xs.length;
    double bM2 = 0;
    for (double x : xs) {
      bM2 += (x - bMean) * (x - bMean);
    }
    long n = count + xs.length;
    double delta = bMean - mean;
    mean += delta * xs.length / n;
    m2 += bM2 + delta * delta * ((double) count * xs.length / n);
    count = n;
  }

  /** The number of values seen. */
  public synchronized long count() {
    return count;
  }

  /** The mean (0 before any value). */
  public synchronized double mean() {
    return mean;
  }

  /** The population variance (0 before two values). */
  public synchronized double variance() {
    return count == 0 ? 0 : m2 / count;
  }

  /** The population standard deviation. */
  public synchronized double std() {
    return Math.sqrt(variance());
  }

  /**
   * {@code (x − mean) / (std + epsilon)}.
   *
   * @throws IllegalStateException before any value was seen (whitening by nothing would silently return x)
   */
  public synchronized double whiten(double x, double epsilon) {
    if (count == 0) {
      throw new IllegalStateException("no rewards seen yet: update() before whiten()");
    }
    return (x - mean) / (Math.sqrt(m2 / count) + epsilon);
  }

  @Override
  public synchronized String toString() {
    return "RunningMeanStd[n=" + count + ", mean=" + mean + ", std=" + Math.sqrt(count == 0 ? 0 : m2 / count) + "]";
  }
}
