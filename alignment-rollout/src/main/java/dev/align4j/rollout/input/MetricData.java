package dev.align4j.rollout.input;

import dev.align4j.core.check.Require;
import dev.align4j.rollout.stats.ArmSummary;

/**
 * One metric's data window at one look: the per-arm sufficient statistics.
 *
 * @param name the metric
 * @param candidate the candidate arm's summary
 * @param incumbent the incumbent arm's summary
 */
public record MetricData(String name, ArmSummary candidate, ArmSummary incumbent) {
  /** Validates non-null fields. */
  public MetricData {
    Require.nonBlank("name", name);
    Require.nonNull("candidate", candidate);
    Require.nonNull("incumbent", incumbent);
  }
}
