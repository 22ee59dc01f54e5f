package dev.align4j.core;

import dev.align4j.core.check.Require;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of one optimiser step, keyed by TRL's names where TRL has one ({@code loss}, {@code rewards/chosen},
 * {@code rewards/margins}, {@code rewards/accuracies}, {@code kl}, {@code entropy}, {@code clip_ratio}, ...).
 *
 * @param step the 1-based step number
 * @param values metric name → value, in insertion order
 */
public record StepMetrics(long step, Map<String, Double> values) {
  /** Copies the map, keeping its order. */
  public StepMetrics {
    Require.argument(step >= 0, "step must be >= 0, was %d", step);
    values = Collections.unmodifiableMap(new LinkedHashMap<>(Require.nonNull("values", values)));
  }

  /**
   * The value of metric {@code name}.
   *
   * @throws IllegalArgumentException naming the metric and the ones present, when absent
   */
  public double get(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("metric \"" + name + "\" is not present; present: " + values.keySet());
    }
    return v;
  }

  /** The value of metric {@code name}, or {@code fallback} when absent. */
  public double getOrDefault(String name, double fallback) {
    return values.getOrDefault(name, fallback);
  }
}
