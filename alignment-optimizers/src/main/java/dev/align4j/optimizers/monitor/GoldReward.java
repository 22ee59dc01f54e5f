package dev.align4j.optimizers.monitor;

/**
 * A held-out gold reward a {@link TrainingHealthMonitor} evaluates every few steps: the expected reward of the current
 * policy under a reward the optimiser does not see (people's labels, a stronger judge, a rule the proxy only
 * approximates), on held-out prompts. Called on the training thread, after the step.
 */
@FunctionalInterface
public interface GoldReward {

  /** The gold reward of the policy as it is after step {@code step}. */
  double evaluate(long step);
}
