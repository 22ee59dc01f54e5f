package dev.align4j.rollout.stage;

import dev.align4j.core.RolloutStage;
import dev.align4j.core.check.Require;
import dev.align4j.rollout.traffic.TrafficShare;

/**
 * One step of a {@link StagePlan}: a stage with its traffic and limits.
 *
 * @param stage OFFLINE_EVAL, SHADOW, CANARY or FULL
 * @param weightPercent the candidate's share of live traffic, in percent [0, 100]
 * @param mirrorPercent the share of traffic mirrored to the candidate (shadow), in percent [0, 100]
 * @param limits duration and sample limits
 */
public record Step(RolloutStage stage, double weightPercent, double mirrorPercent, StageLimits limits) {
  /** Validates the stage kind and the percentages. */
  public Step {
    Require.nonNull("stage", stage);
    Require.nonNull("limits", limits);
    Require.argument(stage == RolloutStage.OFFLINE_EVAL || stage == RolloutStage.SHADOW
        || stage == RolloutStage.CANARY || stage == RolloutStage.FULL,
        "stage must be OFFLINE_EVAL, SHADOW, CANARY or FULL in a plan, was %s", stage);
    Require.inClosedRange("weightPercent", weightPercent, 0, 100);
    Require.inClosedRange("mirrorPercent", mirrorPercent, 0, 100);
  }

  /** The candidate's share of live traffic. */
  public TrafficShare weight() {
    return TrafficShare.percent(weightPercent);
  }

  /** The share of traffic mirrored to the candidate. */
  public TrafficShare mirror() {
    return TrafficShare.percent(mirrorPercent);
  }

  /** A label such as {@code CANARY(5%)}. */
  public String label() {
    return stage == RolloutStage.CANARY ? "CANARY(" + fmt(weightPercent) + "%)" : stage.name();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
