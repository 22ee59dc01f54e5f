package dev.align4j.rollout.input;

import dev.align4j.core.RolloutStage;
import dev.align4j.core.check.Require;
import dev.align4j.rollout.guardrail.PreconditionResult;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything one evaluation reads, so that the {@code GateEvaluator} is a pure function and any decision record can be
 * re-evaluated from its stored inputs.
 *
 * @param stage the current stage (a plan stage or PAUSED, ROLLED_BACK, ABORTED)
 * @param stepIndex the current plan step (the step paused at while PAUSED)
 * @param stageEnteredAt when the current step's data window began
 * @param now the evaluation time (from the injected clock)
 * @param lastEvaluatedAt the previous evaluation's time, or null
 * @param lastDataAt the newest observation's time, or null if none
 * @param killSwitch whether the kill switch is engaged
 * @param assignedCandidate units assigned to the candidate in this window (for the SRM check)
 * @param assignedIncumbent units assigned to the incumbent in this window
 * @param metrics the per-metric data windows
 * @param preconditions the precondition results
 */
public record EvaluationInput(
    RolloutStage stage,
    int stepIndex,
    Instant stageEnteredAt,
    Instant now,
    @Nullable Instant lastEvaluatedAt,
    @Nullable Instant lastDataAt,
    boolean killSwitch,
    long assignedCandidate,
    long assignedIncumbent,
    List<MetricData> metrics,
    List<PreconditionResult> preconditions) {

  /** Validates and copies. */
  public EvaluationInput {
    Require.nonNull("stage", stage);
    Require.nonNegative("stepIndex", stepIndex);
    Require.nonNull("stageEnteredAt", stageEnteredAt);
    Require.nonNull("now", now);
    Require.argument(assignedCandidate >= 0, "assignedCandidate must be >= 0, was %d", assignedCandidate);
    Require.argument(assignedIncumbent >= 0, "assignedIncumbent must be >= 0, was %d", assignedIncumbent);
    metrics = List.copyOf(metrics);
    preconditions = List.copyOf(preconditions);
  }
}
