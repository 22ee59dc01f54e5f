package dev.align4j.feedback.agreement;

import dev.align4j.core.check.Require;
import java.util.random.RandomGenerator;

/**
 * Fleiss' κ for N units each rated by the same number m ≥ 2 of raters into K categories (Fleiss 1971):
 * {@code P_i = (Σ_k n_ik(n_ik − 1)) / (m(m − 1))}, {@code P̄ = mean P_i}, {@code p_k = Σ_i n_ik / (N m)},
 * {@code P̄_e = Σ p_k²}, {@code κ = (P̄ − P̄_e) / (1 − P̄_e)}. When every rating falls in one category
 * ({@code P̄_e = 1}) κ is returned as 1.
 */
public final class FleissKappa {
  private FleissKappa() {}

  /** κ from {@code counts[unit][category]}: how many raters put the unit in the category. */
  public static double of(int[][] counts) {
    int m = check(counts);
    int[] all = new int[counts.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return compute(counts, all, m);
  }

  /** κ with a percentile-bootstrap interval over units. */
  public static ConfidenceInterval withInterval(int[][] counts, int resamples, double level, RandomGenerator random) {
    int m = check(counts);
    return Bootstrap.percentile(counts.length, idx -> compute(counts, idx, m), resamples, level, random);
  }

  static double compute(int[][] counts, int[] idx, int m) {
    int k = counts[0].length;
    double[] pk = new double[k];
    double pBar = 0;
    for (int i : idx) {
      double s = 0;
      for (int c = 0; c < k; c++) {
        s += (double) counts[i][c] * (counts[i][c] - 1);
        pk[c] += counts[i][c];
      }
      pBar += s / ((double) m * (m - 1));
    }
    pBar /= idx.length;
    double pe = 0;
    for (int c = 0; c < k; c++) {
      double p = pk[c] / ((double) idx.length * m);
      pe += p * p;
    }
    if (pe >= 1 - 1e-15) {
      return 1.0;
    }
    return (pBar - pe) / (1 - pe);
  }

  private static int check(int[][] counts) {
    Require.nonNull("counts", counts);
    Require.argument(counts.length >= 1, "counts must hold at least 1 unit, had 0");
    int k = counts[0].length;
    Require.argument(k >= 2, "counts must have >= 2 categories, had %d", k);
    int m = -1;
    for (int i = 0; i < counts.length; i++) {
      Require.sameLength("counts[0]", k, "counts[" + i + "]", counts[i].length);
      int s = 0;
      for (int c = 0; c < k; c++) {
        Require.argument(counts[i][c] >= 0, "counts[%d][%d] must be >= 0, was %d", i, c, counts[i][c]);
        s += counts[i][c];
      }
      if (m < 0) {
        m = s;
      }
      Require.argument(s == m, "every unit must have the same number of ratings (%d), counts[%d] sums to %d", m, i, s);
    }
    Require.argument(m >= 2, "each unit needs >= 2 ratings, had %d", m);
    return m;
  }
}
