package dev.align4j.optimizers.monitor;

import dev.align4j.core.check.Require;
import dev.align4j.core.train.LearningRateSchedule;

/**
 * A learning-rate schedule a {@link TrainingHealthMonitor} can lower while training runs: {@code rate(n) =
 * factor · schedule.rate(n)}, the factor starting at 1. Give it to the optimiser's builder as its schedule and to the
 * monitor's builder. The factor is not part of an optimiser checkpoint. Thread-safe.
 */
public final class AdjustableLearningRate implements LearningRateSchedule {
  private final LearningRateSchedule schedule;
  private volatile double factor = 1.0;

  /** Wraps {@code schedule} with factor 1. */
  public AdjustableLearningRate(LearningRateSchedule schedule) {
    this.schedule = Require.nonNull("schedule", schedule);
  }

  @Override
  public double rate(long step) {
    return factor * schedule.rate(step);
  }

  /** The current factor. */
  public double factor() {
    return factor;
  }

  /**
   * Multiplies the factor by {@code multiplier}.
   *
   * @throws IllegalArgumentException when {@code multiplier} is not in (0, ∞)
   */
  public synchronized void scale(double multiplier) {
    Require.argument(
        Double.isFinite(multiplier) && multiplier > 0,
        "multiplier must be finite and > 0, was %s",
        multiplier);
    factor *= multiplier;
  }
}
