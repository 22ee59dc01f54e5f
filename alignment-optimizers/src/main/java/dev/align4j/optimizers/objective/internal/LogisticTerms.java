package dev.align4j.optimizers.objective.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers (metric maps, means) shared by the unpaired, listwise and token-level objectives. */
public final class LogisticTerms {
  private LogisticTerms() {}

  /** An unmodifiable copy of {@code metrics} that keeps insertion order. */
  public static Map<String, Double> freeze(LinkedHashMap<String, Double> metrics) {
    return Collections.unmodifiableMap(metrics);
  }

  /** The mean of {@code values}. */
  public static double mean(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s / values.length;
  }
}
