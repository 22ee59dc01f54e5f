package dev.align4j.optimizers.optimizer.rl;

import dev.align4j.core.check.Require;
import java.util.LinkedHashMap;
import java.util.Map;

/** The per-rollout statistics behind the training-health metrics of {@link PolicyGradientOptimizer}. */
public final class RolloutStatistics {
  private RolloutStatistics() {}

  /**
   * TRL's {@code frac_reward_zero_std}: the fraction of groups (consecutive runs of {@code groupSize} scores, one
   * prompt each) whose scores all equal, so that a group-normalised advantage is zero and the group teaches nothing.
   * TRL tests the group's standard deviation with {@code isclose(std, 0)}; here the scores must be exactly equal.
   *
   * @throws IllegalArgumentException when {@code groupSize < 1} or the scores are not whole groups
   */
  public static double fractionOfZeroStdGroups(double[] scores, int groupSize) {
    Require.positive("groupSize", groupSize);
    Require.argument(
        scores.length > 0 && scores.length % groupSize == 0,
        "scores must hold whole groups of %d, had %d scores",
        groupSize,
        scores.length);
    int groups = scores.length / groupSize;
    int zero = 0;
    for (int g = 0; g < groups; g++) {
      boolean equal = true;
      for (int i = 1; i < groupSize && equal; i++) {
        equal = scores[g * groupSize + i] == scores[g * groupSize];
      }
      if (equal) {
        zero++;
      }
    }
    return (double) zero / groups;
  }

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

  private static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }
}
