package dev.align4j.rollout.sim;

import dev.align4j.core.check.Require;
import java.time.Duration;
import java.util.List;

/**
 * A simulated rollout step: which metrics behave how, how many units arrive between looks, how many looks.
 *
 * @param name a label for reports, e.g. {@code "A/A"} or {@code "unsafe +2pt"}
 * @param metrics the metric behaviours (metrics of the configuration not listed get no data)
 * @param unitsPerLook units of traffic between looks, split between the arms by the step's weight (both arms get
 *     this many each in stages without a split, e.g. offline and shadow)
 * @param looks the number of looks (evaluations)
 * @param interval the simulated time between looks
 */
public record Scenario(String name, List<MetricScenario> metrics, int unitsPerLook, int looks, Duration interval) {
  /** Validates and copies. */
  public Scenario {
    Require.nonBlank("name", name);
    metrics = List.copyOf(metrics);
    Require.positive("unitsPerLook", unitsPerLook);
    Require.positive("looks", looks);
    Require.nonNull("interval", interval);
    Require.argument(!interval.isNegative(), "interval must be >= 0, was %s", interval);
  }

  /** A scenario with one hour between looks. */
  public static Scenario of(String name, int unitsPerLook, int looks, MetricScenario... metrics) {
    return new Scenario(name, List.of(metrics), unitsPerLook, looks, Duration.ofHours(1));
  }
}
