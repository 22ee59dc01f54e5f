package dev.align4j.optimizers.monitor;

import dev.align4j.core.check.Require;

/**
 * Thrown by a {@link TrainingHealthMonitor} from its listener call when a {@link RuleAction#STOP} rule fired: the step
 * itself is complete, the run should end. The monitor keeps the policy state of the last healthy step
 * ({@link TrainingHealthMonitor#restoreLastHealthy()}).
 */
public final class TrainingStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient RuleFiring firing;
  private final long lastHealthyStep;

  /** A stop caused by {@code firing}; {@code lastHealthyStep} is −1 when no healthy state is kept. */
  public TrainingStoppedException(RuleFiring firing, long lastHealthyStep) {
    super(
        "training stopped by rule "
            + Require.nonNull("firing", firing).rule()
            + " at step "
            + firing.step()
            + ": "
            + firing.reason()
            + (lastHealthyStep >= 0 ? "; last healthy state: step " + lastHealthyStep : ""));
    this.firing = firing;
    this.lastHealthyStep = lastHealthyStep;
  }

  /** The firing that stopped the run. */
  public RuleFiring firing() {
    return firing;
  }

  /** The step of the last healthy state kept, or −1. */
  public long lastHealthyStep() {
    return lastHealthyStep;
  }
}
