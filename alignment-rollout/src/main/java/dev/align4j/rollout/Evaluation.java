package dev.align4j.rollout;

import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutStage;
import dev.align4j.rollout.metric.MetricResult;
import java.util.List;

/**
 * The outcome of one evaluation: the decision, the per-metric evidence, the Kayenta score and the state it leads
 * to.
 *
 * @param decision the decision with its reasons
 * @param metrics the per-metric results (configuration order; metrics not applicable at the stage are left out)
 * @param score the Kayenta-style weighted score in [0, 100] (NaN when metrics were not evaluated)
 * @param stageAfter the stage after the decision
 * @param stepAfter the plan step after the decision
 */
public record Evaluation(
    GateDecision decision, List<MetricResult> metrics, double score, RolloutStage stageAfter, int stepAfter) {
  /** Copies the list. */
  public Evaluation {
    metrics = List.copyOf(metrics);
  }
}
