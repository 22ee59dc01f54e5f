package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;
import java.util.Locale;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.jspecify.annotations.Nullable;

/**
 * A fixed-horizon one-sample test of a rate against its acceptable range, read once at {@code horizon} trials, with
 * the bounds of {@link BinomialBounds}: exact binomial tails (Clopper–Pearson) or the Wilson score test. E.g. the
 * offline safety gate "upper 95% bound of the unsafe rate on the red-team set ≤ τ".
 */
public final class BinomialBoundTest implements SequentialTest {
  private static final NormalDistribution STD_NORMAL = NormalDistribution.of(0, 1);

  /** How the bound is computed. */
  public enum Method {
    /** Exact (Clopper–Pearson 1934): conservative. */
    CLOPPER_PEARSON,
    /** Wilson (1927) score: closer to nominal coverage. */
    WILSON
  }

  private final Method method;
  private final long horizon;

  private BinomialBoundTest(Method method, long horizon) {
    this.method = Require.nonNull("method", method);
    this.horizon = Require.positive("horizon", horizon);
  }

  /** A test read once at {@code horizon} trials. */
  public static BinomialBoundTest of(Method method, long horizon) {
    return new BinomialBoundTest(method, horizon);
  }

  @Override
  public Guarantee guarantee() {
    return new Guarantee.FixedHorizon(horizon);
  }

  @Override
  public boolean twoSample() {
    return false;
  }

  @Override
  public String name() {
    return method.name().toLowerCase(Locale.ROOT) + "(horizon=" + horizon + ")";
  }

  /** One-sided p-value of {@code p0} on the side away from the observed rate. */
  double pValue(long x, long n, double p0) {
    if (p0 <= 0) {
      return x > 0 ? 0 : 1;
    }
    if (p0 >= 1) {
      return x < n ? 0 : 1;
    }
    double phat = (double) x / n;
    if (method == Method.WILSON) {
      double z = (phat - p0) / Math.sqrt(p0 * (1 - p0) / n);
      return STD_NORMAL.cumulativeProbability(-Math.abs(z));
    }
    BinomialDistribution bin = BinomialDistribution.of((int) n, p0);
    return phat >= p0 ? bin.survivalProbability((int) x - 1) : bin.cumulativeProbability((int) x);
  }

  @Override
  public TestResult evaluate(
      ArmSummary candidate, @Nullable ArmSummary incumbent, AcceptableRange range, double alpha) {
    Require.nonNull("candidate", candidate);
    Require.nonNull("range", range);
    Require.inOpenRange("alpha", alpha, 0, 1);
    long n = candidate.n();
    if (n == 0) {
      return TestResult.noData();
    }
    Require.argument(
        n <= Integer.MAX_VALUE, "n must be <= %d for an exact binomial test, was %d", Integer.MAX_VALUE, n);
    Require.argument(candidate.mean() >= 0 && candidate.mean() <= 1,
        "rate (mean of 0/1 observations) must be in [0, 1], was %s", candidate.mean());
    long x = Math.round(candidate.sum());
    double phat = (double) x / n;
    double[] ci = method == Method.WILSON ? BinomialBounds.wilson(x, n, 2 * Math.min(alpha, 0.4999))
        : BinomialBounds.clopperPearson(x, n, 2 * Math.min(alpha, 0.4999));
    double pLo = Double.isInfinite(range.lo()) ? 0 : pValue(x, n, range.lo());
    double pHi = Double.isInfinite(range.hi()) ? 0 : pValue(x, n, range.hi());
    double pHarm = phat > range.hi() ? pHi : phat < range.lo() ? pLo : 1;
    double pAcc = range.contains(phat) ? Math.max(pLo, pHi) : 1;
    return new TestResult(n, phat, ci[0], ci[1], x, pHarm, pAcc);
  }
}
