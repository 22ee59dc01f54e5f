package dev.align4j.optimizers.objective.unpaired;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.UnpairedBatch;

/**
 * The running reward shift δ of BCO (Jung et al., "Binary Classifier Optimization for Large Language Model
 * Alignment", 2024, arXiv:2404.04656): the running mean of every implicit reward β·(log π_θ − log π_ref) seen in
 * training, as TRL's {@code RunningMoments} keeps it.
 *
 * <p>Update rule (TRL bco_trainer.py): with the batch mean m_b of n_b rewards, {@code mean += (m_b − mean)·n_b/(count
 * + n_b)}, {@code count += n_b}; it starts at mean 0 and count 1e-24, so after the first batch δ is that batch's mean.
 *
 * <p><b>State the caller keeps.</b> This is the one mutable object of the objective package: create one per training
 * run, pass it to {@link BcoLoss.Builder#rewardShift(BcoRewardShift)} (or to
 * {@link BcoLoss#evaluate(UnpairedBatch, BcoRewardShift, boolean)}), and save {@link #mean()} and {@link #count()} with
 * your checkpoints (TRL writes them to {@code running.json}); {@link #of(double, double)} restores it. It is not
 * thread-safe: evaluate batches of one run one after another, as a training loop does.
 */
public final class BcoRewardShift {
  /** TRL's initial count, 1e-24 (so that the first update replaces the initial mean 0). */
  public static final double INITIAL_COUNT = 1e-24;

  private double mean;
  private double count;

  private BcoRewardShift(double mean, double count) {
    this.mean = mean;
    this.count = count;
  }

  /** A fresh shift: mean 0, count 1e-24 (TRL's initial state). */
  public static BcoRewardShift create() {
    return new BcoRewardShift(0.0, INITIAL_COUNT);
  }

  /** A shift restored from a checkpoint. */
  public static BcoRewardShift of(double mean, double count) {
    return new BcoRewardShift(Require.finite("mean", mean), Require.positive("count", count));
  }

  /** The current δ. */
  public synchronized double mean() {
    return mean;
  }

  /** The (fractional) number of rewards folded in so far, including the initial 1e-24. */
  public synchronized double count() {
    return count;
  }

  /** Folds in a batch whose {@code n} rewards have mean {@code batchMean}, and returns the new δ. */
  public synchronized double update(double batchMean, int n) {
    Require.finite("batchMean", batchMean);
    Require.positive("n", n);
    double total = count + n;
    mean += (batchMean - mean) * (n / total);
    count = total;
    return mean;
  }

  @Override
  public synchronized String toString() {
    return "BcoRewardShift[mean=" + mean + ", count=" + count + "]";
  }
}
