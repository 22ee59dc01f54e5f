package dev.align4j.optimizers.monitor;

/** What a {@link TrainingHealthMonitor} does when a {@link HealthRule} fires. */
public enum RuleAction {
  /** Record the firing and log a warning; the run goes on (status WARNING). */
  WARN,
  /** Multiply the learning rate by the monitor's factor through its {@link AdjustableLearningRate} (status WARNING). */
  LOWER_LEARNING_RATE,
  /** Multiply the KL coefficient β by the monitor's factor through its {@link AdjustableKlController} (WARNING). */
  RAISE_KL_COEFFICIENT,
  /**
   * Stop the run: the monitor throws {@link TrainingStoppedException} after the step and keeps the last healthy state
   * (status FAILED: a gate must not promote without a person).
   */
  STOP
}
