package dev.align4j.rewards.train;

/**
 * Receives progress of a training run, once per epoch, on the training thread. Keep it quick (render a progress bar,
 * log, record metrics); throwing aborts the run.
 */
@FunctionalInterface
public interface TrainingListener {
  /** A listener that does nothing. */
  TrainingListener NONE = progress -> {};

  /** Called after every epoch. */
  void onEpoch(TrainingProgress progress);
}
