package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;

/**
 * A mutable, single-threaded accumulator of {@link ArmSummary} statistics (Welford's update). Not thread-safe: give
 * each thread its own and {@link ArmSummary#merge merge} the summaries.
 */
public final class RunningStats {
  private long n;
  private double mean;
  private double m2;
  private long nanCount;

  /** An empty accumulator. */
  public RunningStats() {}

  /**
   * Adds one observation. NaN is counted apart (the metric's NaN policy decides what it means).
   *
   * @throws IllegalArgumentException if {@code x} is infinite
   */
  public void add(double x) {
    if (Double.isNaN(x)) {
      nanCount++;
      return;
    }
    if (Double.isInfinite(x)) {
      throw new IllegalArgumentException("observation must be finite or NaN, was " + x);
    }
    n++;
    double delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
  }

  /** Adds a whole summary (exact parallel merge). */
  public void add(ArmSummary s) {
    Require.nonNull("summary", s);
    ArmSummary merged = summary().merge(s);
    n = merged.n();
    mean = merged.mean();
    m2 = merged.m2();
    nanCount = merged.nanCount();
  }

  /** The statistics so far. */
  public ArmSummary summary() {
    return n == 0 ? new ArmSummary(0, 0, 0, nanCount) : new ArmSummary(n, mean, Math.max(0, m2), nanCount);
  }

  /** Forgets everything. */
  public void reset() {
    n = 0;
    mean = 0;
    m2 = 0;
    nanCount = 0;
  }
}
