package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's (1979) step-down procedure: sort the m p-values ascending; reject the k-th smallest (k = 1..m) while
 * {@code p_(k) ≤ α/(m − k + 1)}; stop at the first that fails. Controls the family-wise error rate at α under any
 * dependence, and (applied to always-valid p-values at every look) over all looks too: at the first look that wrongly
 * rejects, some true null's p-value is ≤ α/m₀.
 */
public final class Holm {
  private Holm() {}

  /**
   * The Holm decisions.
   *
   * @param rejected whether each hypothesis (input order) is rejected
   * @param levels the level each p-value was compared with (input order); the "α spent" on it
   */
  public record Result(boolean[] rejected, double[] levels) {}

  /** Applies Holm's procedure at family-wise level {@code alpha} to {@code pValues}. */
  public static Result apply(double[] pValues, double alpha) {
    Require.nonNull("pValues", pValues);
    Require.inOpenRange("alpha", alpha, 0, 1);
    int m = pValues.length;
    for (int i = 0; i < m; i++) {
      Require.probability("pValues[" + i + "]", pValues[i]);
    }
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
    boolean[] rejected = new boolean[m];
    double[] levels = new double[m];
    boolean stopped = false;
    for (int k = 0; k < m; k++) {
      int i = order[k];
      levels[i] = alpha / (m - k);
      if (!stopped && pValues[i] <= levels[i]) {
        rejected[i] = true;
      } else {
        stopped = true;
      }
    }
    return new Result(rejected, levels);
  }
}
