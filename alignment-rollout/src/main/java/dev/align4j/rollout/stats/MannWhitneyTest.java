package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;
import java.util.Arrays;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The Mann–Whitney U (Wilcoxon rank-sum) test with the Hodges–Lehmann shift estimate and its distribution-free
 * confidence interval, as in Netflix Kayenta's {@code MannWhitneyClassifier} (which runs it at 98% confidence). A
 * fixed-horizon test for a single final look on raw observations (it needs the samples, not summaries).
 *
 * <pre>
 *   U = R_cand − m(m+1)/2                    (R_cand: rank sum of the m candidate values, ties get mid-ranks)
 *   z = (U − mn/2 ± ½) / sqrt( mn/12 · ((m+n+1) − Σ(t³−t)/((m+n)(m+n−1))) )    (continuity and tie corrections)
 *   HL = median of all candidate − incumbent differences D
 *   CI = [D_(k), D_(mn+1−k)],  k = ⌊mn/2 − z_{1−α/2} sqrt(mn(m+n+1)/12)⌋   (1-based order statistics)
 *   CLES (Vargha–Delaney A) = U/(mn)
 * </pre>
 *
 * <p>Cost O(mn log mn) for the interval; meant for a few thousand observations per arm.
 */
public final class MannWhitneyTest {
  private static final NormalDistribution STD_NORMAL = NormalDistribution.of(0, 1);

  private MannWhitneyTest() {}

  /**
   * What one test found.
   *
   * @param u the U statistic of the candidate arm
   * @param z the normal-approximation z score (continuity- and tie-corrected)
   * @param pValue the two-sided p-value
   * @param hodgesLehmann the Hodges–Lehmann shift estimate (candidate − incumbent)
   * @param lower the lower end of the shift's confidence interval
   * @param upper the upper end
   * @param cles the common-language effect size P(cand > inc) + ½P(tie)
   */
  public record Result(double u, double z, double pValue, double hodgesLehmann, double lower, double upper,
      double cles) {}

  /**
   * Compares {@code candidate} with {@code incumbent} at two-sided level {@code alpha}.
   *
   * @throws IllegalArgumentException if an array is empty or holds a non-finite value
   */
  public static Result compare(double[] candidate, double[] incumbent, double alpha) {
    Require.allFinite("candidate", candidate);
    Require.allFinite("incumbent", incumbent);
    Require.argument(candidate.length > 0, "candidate must not be empty");
    Require.argument(incumbent.length > 0, "incumbent must not be empty");
    Require.inOpenRange("alpha", alpha, 0, 1);
    int m = candidate.length;
    int n = incumbent.length;
    int total = m + n;
    double[] all = new double[total];
    System.arraycopy(candidate, 0, all, 0, m);
    System.arraycopy(incumbent, 0, all, m, n);
    Integer[] idx = new Integer[total];
    for (int i = 0; i < total; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (p, q) -> Double.compare(all[p], all[q]));
    double rankSumCand = 0;
    double tieTerm = 0;
    int i = 0;
    while (i < total) {
      int j = i;
      while (j + 1 < total && all[idx[j + 1]] == all[idx[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1;
      int t = j - i + 1;
      tieTerm += (double) t * t * t - t;
      for (int k = i; k <= j; k++) {
        if (idx[k] < m) {
          rankSumCand += midRank;
        }
      }
      i = j + 1;
    }
    double mn = (double) m * n;
    double u = rankSumCand - m * (m + 1) / 2.0;
    double var = mn / 12.0 * ((total + 1) - (total > 1 ? tieTerm / ((double) total * (total - 1)) : 0));
    double diff = u - mn / 2;
    double z = var > 0 ? (diff - Math.signum(diff) * Math.min(0.5, Math.abs(diff))) / Math.sqrt(var) : 0;
    double p = Math.min(1, 2 * STD_NORMAL.cumulativeProbability(-Math.abs(z)));
    double[] d = new double[Math.multiplyExact(m, n)];
    int c = 0;
    for (double x : candidate) {
      for (double y : incumbent) {
        d[c++] = x - y;
      }
    }
    Arrays.sort(d);
    double hl = d.length % 2 == 1 ? d[d.length / 2] : 0.5 * (d[d.length / 2 - 1] + d[d.length / 2]);
    double zc = STD_NORMAL.inverseCumulativeProbability(1 - alpha / 2);
    long k = (long) Math.floor(mn / 2 - zc * Math.sqrt(mn * (total + 1) / 12.0));
    double lower = k < 1 ? Double.NEGATIVE_INFINITY : d[(int) k - 1];
    double upper = k < 1 ? Double.POSITIVE_INFINITY : d[d.length - (int) k];
    return new Result(u, z, p, hl, lower, upper, u / mn);
  }
}
