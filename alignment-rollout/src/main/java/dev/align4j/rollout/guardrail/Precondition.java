package dev.align4j.rollout.guardrail;

import java.time.Instant;

/**
 * A condition that must hold before a gate may promote (it never causes a rollback by itself): the judge is
 * calibrated against humans, the service's error budget is not exhausted, a change freeze is not on. The gate asks
 * at every evaluation and stores the result in the decision record, so that replay does not ask again.
 */
public interface Precondition {

  /** A stable machine-readable name, e.g. {@code "judge_calibration"}. */
  String name();

  /** Checks the condition now. */
  PreconditionResult check(Instant now);
}
