package dev.align4j.rollout.input;

import dev.align4j.core.check.Require;

/**
 * A person's decision, recorded like any automatic one (Argo's manual {@code promote}, Flagger's
 * {@code confirm-promotion}/{@code rollback} hooks, Spinnaker's manual judgement).
 *
 * @param action what the person decided
 * @param actor who (an id, never a secret)
 * @param reason why, in words
 */
public record HumanOverride(Action action, String actor, String reason) {

  /** What a person can decide. */
  public enum Action {
    /** Move on to the next step (also out of PAUSED). */
    PROMOTE,
    /** Send traffic back to the incumbent. */
    ROLLBACK,
    /** Leave PAUSED and continue the paused step. */
    RESUME,
    /** Stop the rollout for good (the kill switch). */
    ABORT
  }

  /** Validates: an actor and a reason are required. */
  public HumanOverride {
    Require.nonNull("action", action);
    Require.nonBlank("actor", actor);
    Require.nonBlank("reason", reason);
  }
}
