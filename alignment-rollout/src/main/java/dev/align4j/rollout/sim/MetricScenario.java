package dev.align4j.rollout.sim;

import dev.align4j.core.check.Require;

/**
 * How one metric behaves in a simulated rollout.
 *
 * @param metric the metric's name in the gate configuration
 * @param candidate the candidate arm's generator
 * @param incumbent the incumbent arm's generator
 */
public record MetricScenario(String metric, ArmModel candidate, ArmModel incumbent) {
  /** Validates non-null fields. */
  public MetricScenario {
    Require.nonBlank("metric", metric);
    Require.nonNull("candidate", candidate);
    Require.nonNull("incumbent", incumbent);
  }
}
