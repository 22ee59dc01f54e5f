package dev.align4j.optimizers.optimizer.rl;

import dev.align4j.core.check.Require;
import java.util.LinkedHashMap;
import java.util.Map;

/** The per-rollout statistics behind the training-health metrics of {@link PolicyGradientOptimizer}. */
public final class RolloutStatistics {
  private RolloutStatistics() {}

  /**
   * Each component's share of the variance of the summed reward S = Σ_k c_k over the samples:
   * {@code share_k = Cov(c_k, S) / Var(S)}. The shares sum to 1; a share near 1 means that one component explains
   * the variation of the reward (its dominance), a negative share that a component works against the others. Empty
   * when Var(S) = 0 (nothing to explain) or fewer than 2 samples.
   *
   * @param components name → per-sample values, all of one length
   */
  public static Map<String, Double> varianceShares(Map<String, double[]> components) {
    Require.nonNull("components", components);
    int n = -1;
    for (Map.Entry<String, double[]> e : components.entrySet()) {
      if (n < 0) {
        n = e.getValue().length;
      }
      Require.sameLength(
          "components[" + e.getKey() + "]", e.getValue().length, "the first component", n);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    if (n < 2) {
      return out;
    }
    double[] total = new double[n];
    for (double[] c : components.values()) {
      for (int i = 0; i < n; i++) {
        total[i] += c[i];
      }
    }
    double meanTotal = mean(total);
    double var = 0;
    for (double t : total) {
      var += (t - meanTotal) * (t - meanTotal);
    }
    if (!(var > 1e-12 * n * Math.max(1.0, meanTotal * meanTotal))) {
      return out;
    }
    for (Map.Entry<String, double[]> e : components.entrySet()) {
      double[] c = e.getValue();
      double m = mean(c);
      double cov = 0;
      for (int i = 0; i < n; i++) {
        cov += (c[i] - m) * (total[i] - meanTotal);
      }
      out.put(e.getKey(), cov / var);
    }
    return out;
  }

  /** The arithmetic mean of {@code a}, summed left to right (the package's one mean; NaN for an empty array). */
  static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }
}
