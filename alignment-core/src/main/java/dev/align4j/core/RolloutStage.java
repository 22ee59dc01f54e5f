package dev.align4j.core;

/**
 * The stages of a gated rollout: offline evaluation first, then shadow traffic, then a growing canary share, then
 * full traffic; plus the three stages a rollout can be stopped in.
 */
public enum RolloutStage {
  /** The candidate is evaluated offline on fixed data; it serves no traffic. */
  OFFLINE_EVAL,
  /** The candidate answers mirrored requests; users see only the incumbent. */
  SHADOW,
  /** The candidate serves a limited share of traffic (the step weight). */
  CANARY,
  /** The candidate serves all traffic. */
  FULL,
  /** Waiting for a human decision. */
  PAUSED,
  /** Traffic went back to the incumbent. */
  ROLLED_BACK,
  /** The rollout was stopped for good. */
  ABORTED;

  /** Whether no further automatic decision can move the rollout out of this stage. */
  public boolean isTerminal() {
    return this == FULL || this == ROLLED_BACK || this == ABORTED;
  }
}
