package dev.align4j.rollout.validity;

import dev.align4j.core.check.Require;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * The sample-ratio-mismatch check: Pearson's χ² goodness-of-fit test (1 degree of freedom) of the observed
 * assignment counts against the configured split. A p-value below the threshold (default 0.001, the common
 * practice of Optimizely, Statsig and Eppo, which keeps false alarms rare over many looks) means the assignment is
 * broken and no metric comparison can be trusted.
 *
 * <pre>
 *   χ² = (n_c − N·w)²/(N·w) + (n_i − N·(1−w))²/(N·(1−w)),   p = 1 − F_χ²₁(χ²)
 * </pre>
 */
public final class SampleRatioCheck {
  private static final ChiSquaredDistribution CHI2_1 = new ChiSquaredDistribution(null, 1);

  private SampleRatioCheck() {}

  /**
   * The result.
   *
   * @param chiSquare the statistic
   * @param pValue its p-value
   * @param expectedCandidateShare the configured share w
   * @param observedCandidateShare n_c / N
   */
  public record Result(double chiSquare, double pValue, double expectedCandidateShare, double observedCandidateShare) {}

  /**
   * Tests {@code candidate} and {@code incumbent} assignment counts against candidate share {@code w}.
   *
   * @throws IllegalArgumentException for negative counts or {@code w} outside (0, 1)
   */
  public static Result test(long candidate, long incumbent, double w) {
    Require.argument(candidate >= 0, "candidate count must be >= 0, was %d", candidate);
    Require.argument(incumbent >= 0, "incumbent count must be >= 0, was %d", incumbent);
    Require.inOpenRange("w", w, 0, 1);
    long total = candidate + incumbent;
    if (total == 0) {
      return new Result(0, 1, w, Double.NaN);
    }
    double ec = total * w;
    double ei = total * (1 - w);
    double chi = (candidate - ec) * (candidate - ec) / ec + (incumbent - ei) * (incumbent - ei) / ei;
    return new Result(chi, 1 - CHI2_1.cumulativeProbability(chi), w, (double) candidate / total);
  }
}
