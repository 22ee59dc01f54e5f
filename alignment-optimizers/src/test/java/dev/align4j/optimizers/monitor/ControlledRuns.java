package dev.align4j.optimizers.monitor;

import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer;
import dev.align4j.policies.LogLinearPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The two controlled runs of the module README: GRPO on {@link VerbosityWorld} against the length-biased proxy (a
 * hacked run) or against the gold reward itself (a healthy run), watched by a {@link TrainingHealthMonitor} with the
 * default rules, the completion length in characters and, optionally, the exact held-out gold reward every step.
 */
final class ControlledRuns {
  static final double LEARNING_RATE = 0.15;
  static final int MAX_STEPS = 150;
  static final int HEALTHY_STEPS = 100;

  private ControlledRuns() {}

  /**
   * What one run gave.
   *
   * @param stop the firing that stopped the run, or null
   * @param stepsRun steps completed
   * @param goldPeak the highest exact gold reward up to the stop
   * @param goldAtStop the exact gold reward after the last step
   * @param goldAtHealthy the exact gold reward of the last healthy state (after restoring it), NaN without a stop
   * @param monitor the monitor
   */
  record Outcome(
      @Nullable RuleFiring stop,
      int stepsRun,
      double goldPeak,
      double goldAtStop,
      double goldAtHealthy,
      TrainingHealthMonitor monitor) {
    double dropAtStop() {
      return (goldPeak - goldAtStop) / goldPeak;
    }

    double dropAtHealthy() {
      return (goldPeak - goldAtHealthy) / goldPeak;
    }
  }

  /** Runs up to {@code steps} steps; {@code hacked} picks the proxy, {@code withGold} gives the monitor the gold. */
  static Outcome run(long seed, boolean hacked, boolean withGold, int steps) {
    LogLinearPolicy policy = VerbosityWorld.policy();
    TrainingHealthMonitor.Builder b =
        TrainingHealthMonitor.builder()
            .lengthMetric("completions/mean_characters")
            .keepHealthyState(policy);
    if (withGold) {
      b.goldReward(step -> VerbosityWorld.expected(policy, VerbosityWorld.GOLD), 1);
    }
    TrainingHealthMonitor monitor = b.build();
    PolicyGradientOptimizer o =
        VerbosityWorld.grpo(
            policy,
            hacked ? VerbosityWorld.LENGTH_BIASED_PROXY : VerbosityWorld.GOLD,
            LearningRateSchedule.constant(LEARNING_RATE),
            seed,
            monitor,
            hacked);
    double peak = Double.NEGATIVE_INFINITY;
    double gold = Double.NaN;
    for (int s = 0; s < steps; s++) {
      RuleFiring stop = null;
      try {
        o.step(VerbosityWorld.batch(s));
      } catch (TrainingStoppedException e) {
        stop = e.firing();
      }
      gold = VerbosityWorld.expected(policy, VerbosityWorld.GOLD);
      peak = Math.max(peak, gold);
      if (stop != null) {
        monitor.restoreLastHealthy();
        double healthy = VerbosityWorld.expected(policy, VerbosityWorld.GOLD);
        return new Outcome(stop, s + 1, peak, gold, healthy, monitor);
      }
    }
    return new Outcome(null, steps, peak, gold, Double.NaN, monitor);
  }
}
