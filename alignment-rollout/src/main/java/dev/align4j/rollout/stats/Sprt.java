package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.jspecify.annotations.Nullable;

/**
 * Wald's sequential probability ratio test on the normal approximation of θ̂, with a futility stop (Wald 1945;
 * the two-sample z form used by Statsig, {@code statsig-io/docs/docs/experiments-plus/sprt.md}). For the bad side
 * of the acceptable range at boundary {@code c}, the test weighs "θ = c" (just unacceptable) against
 * "θ = c ∓ mde" (comfortably acceptable):
 *
 * <pre>
 *   ln LR = ((θ̂ − θ_good)² − (θ̂ − θ_bad)²) / (2V),    V = s_c²/n_c + s_i²/n_i
 *   pHarm = min(1, 1/LR)        (harm at level α when LR ≥ 1/α: Wald's A)
 *   pAcceptable = min(1, LR)    (futility / acceptance at level β when LR ≤ β: Wald's B)
 * </pre>
 *
 * <p>Under θ_good, {@code LR} is a (normal-approximation) martingale and Ville's inequality bounds the false-harm
 * rate by α over all looks; under θ_bad, {@code 1/LR} is, bounding false acceptance by β. Between θ_good and
 * θ_bad lies the indifference zone of width {@code mde} where neither error is controlled, which is the price of
 * the futility stop that the mSPRT lacks. A range finite on both sides runs both one-sided tests (harm at twice the
 * smaller p-value, acceptance at the larger).
 */
public final class Sprt implements SequentialTest {
  private static final NormalDistribution STD_NORMAL = NormalDistribution.of(0, 1);
  private final double mde;
  private final long minSamples;

  private Sprt(double mde, long minSamples) {
    this.mde = Require.positive("mde", mde);
    Require.argument(minSamples >= 2, "minSamples must be >= 2, was %d", minSamples);
    this.minSamples = minSamples;
  }

  /**
   * A two-sample SPRT whose indifference zone is {@code mde} wide (metric units): a candidate {@code mde} inside the
   * acceptable range is accepted with probability at least 1 − β.
   */
  public static Sprt withIndifferenceZone(double mde) {
    return new Sprt(mde, 10);
  }

  @Override
  public Guarantee guarantee() {
    return new Guarantee.AnytimeValid();
  }

  @Override
  public boolean twoSample() {
    return true;
  }

  @Override
  public String name() {
    return "sprt(mde=" + mde + ")";
  }

  @Override
  public TestResult evaluate(
      ArmSummary candidate, @Nullable ArmSummary incumbent, AcceptableRange range, double alpha) {
    Require.nonNull("candidate", candidate);
    Require.nonNull("range", range);
    Require.inOpenRange("alpha", alpha, 0, 1);
    Require.nonNull("incumbent", incumbent);
    long n = Math.min(candidate.n(), incumbent.n());
    double v = candidate.varianceOfMean() + incumbent.varianceOfMean();
    if (n < minSamples || !(v > 0)) {
      return new TestResult(n, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, 1, 1);
    }
    double est = candidate.mean() - incumbent.mean();
    double pHarm = 1;
    double pAcc = 0;
    double llrMax = Double.NEGATIVE_INFINITY;
    int sides = 0;
    if (Double.isFinite(range.hi())) {
      double llr = llr(est, range.hi() - mde, range.hi(), v);
      pHarm = Math.min(pHarm, Math.min(1, Math.exp(-llr)));
      pAcc = Math.max(pAcc, Math.min(1, Math.exp(llr)));
      llrMax = Math.max(llrMax, llr);
      sides++;
    }
    if (Double.isFinite(range.lo())) {
      double llr = llr(est, range.lo() + mde, range.lo(), v);
      pHarm = Math.min(pHarm, Math.min(1, Math.exp(-llr)));
      pAcc = Math.max(pAcc, Math.min(1, Math.exp(llr)));
      llrMax = Math.max(llrMax, llr);
      sides++;
    }
    if (sides == 0) {
      pAcc = 0;
    }
    pHarm = Math.min(1, pHarm * Math.max(1, sides));
    double half = -STD_NORMAL.inverseCumulativeProbability(Math.min(alpha, 0.5))
        * Math.sqrt(v);
    return new TestResult(n, est, est - half, est + half, llrMax, pHarm, pAcc);
  }

  private static double llr(double est, double good, double bad, double v) {
    double dg = est - good;
    double db = est - bad;
    return (dg * dg - db * db) / (2 * v);
  }
}
