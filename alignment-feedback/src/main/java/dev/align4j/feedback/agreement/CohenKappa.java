package dev.align4j.feedback.agreement;

import dev.align4j.core.check.Require;
import java.util.random.RandomGenerator;

/**
 * Cohen's κ for two raters (Cohen 1960) and weighted κ (Cohen 1968):
 * {@code κ_w = 1 − Σ_ij w_ij o_ij / Σ_ij w_ij e_ij}, with {@code o} the observed joint proportions,
 * {@code e_ij = p_1i · p_2j} the product of the marginals and {@link Weighting} w; with {@link Weighting#NONE} this is
 * {@code κ = (p_o − p_e) / (1 − p_e)}. Labels are category indices {@code 0..K−1} (ordinal for weighted κ).
 *
 * <p>Degenerate case: when both raters used one and the same category for every unit, chance agreement is 1 and the
 * formula is 0/0; this class returns 1 (the raters agree perfectly), documented rather than a silent NaN.
 */
public final class CohenKappa {
  private CohenKappa() {}

  /** Unweighted κ. */
  public static double of(int[] rater1, int[] rater2, int categories) {
    return weighted(rater1, rater2, categories, Weighting.NONE);
  }

  /** Weighted κ. */
  public static double weighted(int[] rater1, int[] rater2, int categories, Weighting weighting) {
    check(rater1, rater2, categories);
    Require.nonNull("weighting", weighting);
    int[] all = new int[rater1.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return compute(rater1, rater2, all, categories, weighting);
  }

  /** Weighted κ with a percentile-bootstrap interval over units. */
  public static ConfidenceInterval withInterval(int[] rater1, int[] rater2, int categories, Weighting weighting,
      int resamples, double level, RandomGenerator random) {
    check(rater1, rater2, categories);
    Require.nonNull("weighting", weighting);
    return Bootstrap.percentile(rater1.length, idx -> compute(rater1, rater2, idx, categories, weighting), resamples,
        level, random);
  }

  static double compute(int[] r1, int[] r2, int[] idx, int k, Weighting w) {
    double[][] o = new double[k][k];
    double[] m1 = new double[k];
    double[] m2 = new double[k];
    double n = idx.length;
    for (int i : idx) {
      o[r1[i]][r2[i]] += 1 / n;
      m1[r1[i]] += 1 / n;
      m2[r2[i]] += 1 / n;
    }
    double num = 0;
    double den = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double wij = w.weight(i, j);
        num += wij * o[i][j];
        den += wij * m1[i] * m2[j];
      }
    }
    if (den <= 1e-15) {
      return num <= 1e-15 ? 1.0 : Double.NaN;
    }
    return 1 - num / den;
  }

  private static void check(int[] r1, int[] r2, int k) {
    Require.nonNull("rater1", r1);
    Require.nonNull("rater2", r2);
    Require.sameLength("rater1", r1.length, "rater2", r2.length);
    Require.argument(r1.length >= 1, "rater1 must hold at least 1 label, had 0");
    Require.argument(k >= 2, "categories must be >= 2, was %d", k);
    for (int i = 0; i < r1.length; i++) {
      Require.argument(r1[i] >= 0 && r1[i] < k, "rater1[%d] must be a category in [0, %d], was %d", i, k - 1, r1[i]);
      Require.argument(r2[i] >= 0 && r2[i] < k, "rater2[%d] must be a category in [0, %d], was %d", i, k - 1, r2[i]);
    }
  }
}
