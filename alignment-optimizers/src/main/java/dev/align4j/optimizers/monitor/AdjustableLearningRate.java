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
  private final ScaleFactor factor = new ScaleFactor();

  /** Wraps {@code schedule} with factor 1. */
  public AdjustableLearningRate(LearningRateSchedule schedule) {
    this.schedule = Require.nonNull("schedule", schedule);
  }

  @Override
  public double rate(long step) {
    return factor.value() * schedule.rate(step);
  }

  /** The current factor. */
  public double factor() {
    return factor.value();
  }

  /**
   * Multiplies the factor by {@code multiplier}.
   *
   * @throws IllegalArgumentException when {@code multiplier} is not in (0, ∞)
   */
  public void scale(double multiplier) {
    factor.scale(multiplier);
  }
}
