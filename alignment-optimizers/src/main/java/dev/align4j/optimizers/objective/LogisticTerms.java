package dev.align4j.optimizers.objective;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers (metric maps, means) shared by the unpaired, listwise and token-level objectives. */
final class LogisticTerms {
  private LogisticTerms() {}

  /** An unmodifiable copy of {@code metrics} that keeps insertion order. */
  static Map<String, Double> freeze(LinkedHashMap<String, Double> metrics) {
    return Collections.unmodifiableMap(metrics);
  }

  /** The mean of {@code values}. */
  static double mean(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s / values.length;
  }
}
