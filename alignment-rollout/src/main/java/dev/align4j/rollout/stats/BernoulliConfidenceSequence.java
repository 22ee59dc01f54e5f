package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;
import org.apache.commons.numbers.gamma.LogBeta;
import org.jspecify.annotations.Nullable;

/**
 * An anytime-valid confidence sequence for a rate from Robbins' beta-binomial mixture martingale (Robbins 1970;
 * Howard, Ramdas, McAuliffe and Sekhon, arXiv 1810.08240). With {@code S} events in {@code n} trials and a
 * Beta(a, b) mixing distribution,
 *
 * <pre>
 *   M_n(p₀) = B(a + S, b + n − S) / ( B(a, b) · p₀^S · (1 − p₀)^(n − S) )
 *   p-value for p₀:      min(1, 1/M_n(p₀))         (Ville: P_{p₀}(∃n: M_n ≥ 1/α) ≤ α)
 *   confidence sequence: { p₀ : M_n(p₀) &lt; 1/α }    (an interval around S/n, found by bisection)
 * </pre>
 *
 * <p>Use it for a rate watched at every look, e.g. the unsafe-response rate gated on its upper bound: unlike
 * Clopper–Pearson recomputed at each look, it keeps its level however often it is read. One-sample: θ is the
 * candidate's rate. The default mixing distribution is Jeffreys' Beta(½, ½).
 */
public final class BernoulliConfidenceSequence implements SequentialTest {
  private final double a;
  private final double b;

  private BernoulliConfidenceSequence(double a, double b) {
    this.a = Require.positive("a", a);
    this.b = Require.positive("b", b);
  }

  /** The confidence sequence with Jeffreys' Beta(½, ½) mixture. */
  public static BernoulliConfidenceSequence jeffreys() {
    return new BernoulliConfidenceSequence(0.5, 0.5);
  }

  /** The confidence sequence with a Beta(a, b) mixture; put more prior mass near the rates you expect. */
  public static BernoulliConfidenceSequence withPrior(double a, double b) {
    return new BernoulliConfidenceSequence(a, b);
  }

  @Override
  public Guarantee guarantee() {
    return new Guarantee.AnytimeValid();
  }

  @Override
  public boolean twoSample() {
    return false;
  }

  @Override
  public String name() {
    return "bernoulli-cs(a=" + a + ",b=" + b + ")";
  }

  /**
   * {@code ln M_n(p₀)} for {@code s} events in {@code n} trials.
   *
   * @throws IllegalArgumentException unless {@code n >= 0}, {@code 0 <= s <= n} and {@code 0 <= p0 <= 1}
   */
  public double logMartingale(long s, long n, double p0) {
    checkCounts(s, n);
    Require.probability("p0", p0);
    return logM(logMixture(s, n), s, n, p0);
  }

  private static void checkCounts(long s, long n) {
    Require.argument(n >= 0, "n must be >= 0, was %d", n);
    Require.argument(s >= 0 && s <= n, "s must be in [0, n=%d], was %d", n, s);
  }

  /** {@code ln B(a + S, b + n − S) − ln B(a, b)}: the part of {@code ln M_n} that does not depend on p₀. */
  private double logMixture(long s, long n) {
    return LogBeta.value(a + s, b + n - s) - LogBeta.value(a, b);
  }

  private static double logM(double mixture, long s, long n, double p0) {
    double v = mixture;
    if (s > 0) {
      v -= s * Math.log(p0);
    }
    if (n - s > 0) {
      v -= (n - s) * Math.log1p(-p0);
    }
    return v;
  }

  /**
   * The p-value {@code min(1, 1/M_n(p₀))}.
   *
   * @throws IllegalArgumentException unless {@code n >= 0}, {@code 0 <= s <= n} and {@code 0 <= p0 <= 1}
   */
  public double pValue(long s, long n, double p0) {
    checkCounts(s, n);
    Require.probability("p0", p0);
    return n == 0 ? 1 : pValue(logMixture(s, n), s, n, p0);
  }

  private static double pValue(double mixture, long s, long n, double p0) {
    double lm = logM(mixture, s, n, p0);
    return lm <= 0 ? 1 : Math.exp(-lm);
  }

  /**
   * The confidence sequence's interval {@code [lower, upper]} after {@code s} events in {@code n} trials.
   *
   * @throws IllegalArgumentException unless {@code n >= 0}, {@code 0 <= s <= n} and {@code 0 < alpha < 1}
   */
  public double[] interval(long s, long n, double alpha) {
    checkCounts(s, n);
    Require.inOpenRange("alpha", alpha, 0, 1);
    return n == 0 ? new double[] {0, 1} : interval(logMixture(s, n), s, n, alpha);
  }

  /** Bisection for the two points where {@code ln M_n} (convex in p₀, smallest at S/n) reaches {@code ln(1/α)}. */
  private static double[] interval(double mixture, long s, long n, double alpha) {
    double target = Math.log(1 / alpha);
    double phat = (double) s / n;
    double upper = 1;
    if (s < n && logM(mixture, s, n, Math.nextDown(1.0)) >= target) {
      double lo = phat;
      double hi = 1;
      for (int i = 0; i < 52 && hi - lo > 1e-15; i++) {
        double mid = 0.5 * (lo + hi);
        if (logM(mixture, s, n, mid) >= target) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      upper = hi;
    }
    double lower = 0;
    if (s > 0 && logM(mixture, s, n, Double.MIN_NORMAL) >= target) {
      double lo = 0;
      double hi = phat;
      for (int i = 0; i < 52 && hi - lo > 1e-15; i++) {
        double mid = 0.5 * (lo + hi);
        if (logM(mixture, s, n, mid) >= target) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      lower = lo;
    }
    return new double[] {lower, upper};
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
    Require.argument(candidate.mean() >= 0 && candidate.mean() <= 1,
        "rate (mean of 0/1 observations) must be in [0, 1], was %s", candidate.mean());
    long s = Math.round(candidate.sum());
    double mixture = logMixture(s, n);
    double phat = (double) s / n;
    double[] ci = interval(mixture, s, n, alpha);
    double pLo = range.lo() <= 0 ? 0 : range.lo() >= 1 ? (s == n ? 1 : 0) : pValue(mixture, s, n, range.lo());
    double pHi = range.hi() >= 1 || range.hi() < 0 ? 0 : pValue(mixture, s, n, range.hi());
    if (range.hi() <= 0 && s > 0) {
      pHi = 0;
    }
    double pHarm = phat > range.hi() ? pHi : phat < range.lo() ? pLo : 1;
    double pAcc = range.contains(phat) ? Math.max(pLo, pHi) : 1;
    double statistic = logM(mixture, s, n, Math.min(Math.max(range.hi(), 1e-12), 1 - 1e-12));
    return new TestResult(n, phat, ci[0], ci[1], statistic, pHarm, pAcc);
  }
}
