package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.jspecify.annotations.Nullable;

/**
 * The classical fixed-horizon z-test (Welch's normal approximation) on the difference of means or a single mean:
 * {@code z = (θ̂ − θ₀)/sqrt(V)}, one-sided p-value {@code 1 − Φ(|z|)}, interval {@code θ̂ ± z_{1−α} sqrt(V)}.
 *
 * <p>Valid for one look at the pre-registered {@code horizon} (per arm) only: the gate ignores it before then. Read
 * at every look instead, its false-positive rate grows with the number of looks (about 30% after 50 looks at a
 * nominal 5%); the simulator tests document that inflation, which is why the gate refuses to act on it early.
 */
public final class FixedHorizonZTest implements SequentialTest {
  private static final NormalDistribution STD_NORMAL = NormalDistribution.of(0, 1);
  private final long horizon;
  private final boolean twoSample;

  private FixedHorizonZTest(long horizon, boolean twoSample) {
    this.horizon = Require.positive("horizon", horizon);
    this.twoSample = twoSample;
  }

  /** A two-sample z-test for a single look at {@code horizon} observations per arm. */
  public static FixedHorizonZTest twoSample(long horizon) {
    return new FixedHorizonZTest(horizon, true);
  }

  /** A one-sample z-test for a single look at {@code horizon} observations. */
  public static FixedHorizonZTest oneSample(long horizon) {
    return new FixedHorizonZTest(horizon, false);
  }

  @Override
  public Guarantee guarantee() {
    return new Guarantee.FixedHorizon(horizon);
  }

  @Override
  public boolean twoSample() {
    return twoSample;
  }

  @Override
  public String name() {
    return "z(horizon=" + horizon + ")";
  }

  @Override
  public TestResult evaluate(
      ArmSummary candidate, @Nullable ArmSummary incumbent, AcceptableRange range, double alpha) {
    Require.nonNull("candidate", candidate);
    Require.nonNull("range", range);
    Require.inOpenRange("alpha", alpha, 0, 1);
    long n = candidate.n();
    double est = candidate.mean();
    double v = candidate.varianceOfMean();
    if (twoSample) {
      Require.nonNull("incumbent", incumbent);
      n = Math.min(n, incumbent.n());
      est -= incumbent.mean();
      v += incumbent.varianceOfMean();
    }
    if (n < 2 || !(v > 0) || !Double.isFinite(v)) {
      return new TestResult(n, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, 1, 1);
    }
    double sd = Math.sqrt(v);
    double pLo = p(est, range.lo(), sd);
    double pHi = p(est, range.hi(), sd);
    double pHarm = est > range.hi() ? pHi : est < range.lo() ? pLo : 1;
    double pAcc = range.contains(est) ? Math.max(pLo, pHi) : 1;
    double half = -STD_NORMAL.inverseCumulativeProbability(Math.min(alpha, 0.5)) * sd; // no inverted interval
    return new TestResult(n, est, est - half, est + half, est / sd, pHarm, pAcc);
  }

  private static double p(double est, double theta0, double sd) {
    if (Double.isInfinite(theta0)) {
      return 0;
    }
    return STD_NORMAL.cumulativeProbability(-Math.abs(est - theta0) / sd);
  }
}
