package dev.align4j.core;

/**
 * Decides whether a candidate model may move on: it evaluates the evidence gathered at the current
 * {@link RolloutStage} (metrics, guardrail tests, validity checks) and returns a {@link GateDecision} with its
 * reasons. Implementations gather evidence through their own recording methods and take time from an injected
 * {@link java.time.Clock}, so that a decision can be replayed.
 *
 * <p>A gate must never promote by luck: its statistics declare their guarantee (anytime-valid, group-sequential or
 * fixed-horizon), and a fixed-horizon test cannot promote before its horizon.
 */
public interface RolloutGate {

  /** The stage the rollout is in. */
  RolloutStage stage();

  /** Evaluates the evidence so far and returns (and records) the decision. */
  GateDecision evaluate();
}
