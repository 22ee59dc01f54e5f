package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * The mixture sequential probability ratio test with a normal mixing distribution (mSPRT; Johari, Koomen, Pekelis
 * and Walsh, "Peeking at A/B tests", KDD 2017, arXiv 1512.04922), as used by Optimizely's Stats Engine and Statsig.
 * With θ̂ the estimated difference (or level), {@code V} its variance and mixing variance τ²:
 *
 * <pre>
 *   Λ(θ₀) = sqrt(V / (V + τ²)) · exp( τ² (θ̂ − θ₀)² / (2 V (V + τ²)) )
 *   always-valid p-value for θ₀:  min(1, 1/Λ(θ₀))
 *   always-valid interval:        θ̂ ± sqrt( V (V + τ²)/τ² · (2 ln(1/α) + ln((V + τ²)/V)) )
 * </pre>
 *
 * <p>{@code pHarm} is the p-value at the nearer end of the acceptable range when θ̂ is outside it;
 * {@code pAcceptable} the larger of the p-values at both ends when θ̂ is inside (1 for an infinite end is 0). Both
 * are anytime-valid by Ville's inequality (the interval contains θ̂, so excluding the range's end excludes every θ
 * beyond it). τ is in the metric's units: choose it near the smallest effect you care about (larger τ catches large
 * effects earlier). The normal approximation needs a few dozen observations per arm; below {@link #minSamples()}
 * nothing is shown.
 *
 * <p>For rates, {@link #forRates(double)} estimates each arm's variance as {@code p̃(1 − p̃)} with
 * {@code p̃ = (events + 1)/(n + 2)}, so that zero events in both arms does not give a zero variance.
 */
public final class MixtureSprt implements SequentialTest {
  private final double tau;
  private final boolean twoSample;
  private final boolean rates;
  private final long minSamples;

  private MixtureSprt(double tau, boolean twoSample, boolean rates, long minSamples) {
    this.tau = Require.positive("tau", tau);
    this.twoSample = twoSample;
    this.rates = rates;
    this.minSamples = minSamples;
    Require.argument(minSamples >= 2, "minSamples must be >= 2, was %d", minSamples);
  }

  /** A two-sample mSPRT on the difference of means, with mixing standard deviation {@code tau} (metric units). */
  public static MixtureSprt twoSample(double tau) {
    return new MixtureSprt(tau, true, false, 10);
  }

  /** A one-sample mSPRT on the candidate's mean level. */
  public static MixtureSprt oneSample(double tau) {
    return new MixtureSprt(tau, false, false, 10);
  }

  /** A two-sample mSPRT on the difference of two rates (0/1 observations), with pseudo-count variances. */
  public static MixtureSprt forRates(double tau) {
    return new MixtureSprt(tau, true, true, 10);
  }

  /** A copy that shows nothing until each arm holds {@code minSamples} observations (default 10, at least 2). */
  public MixtureSprt withMinSamples(long minSamples) {
    return new MixtureSprt(tau, twoSample, rates, minSamples);
  }

  /** The mixing standard deviation τ. */
  public double tau() {
    return tau;
  }

  /** The per-arm sample size below which nothing is shown. */
  public long minSamples() {
    return minSamples;
  }

  @Override
  public Guarantee guarantee() {
    return new Guarantee.AnytimeValid();
  }

  @Override
  public boolean twoSample() {
    return twoSample;
  }

  @Override
  public String name() {
    return (rates ? "msprt-rates" : twoSample ? "msprt" : "msprt-1s") + "(tau=" + tau + ")";
  }

  private double armVariance(ArmSummary s) {
    if (rates) {
      double pt = (s.sum() + 1) / (s.n() + 2.0);
      return pt * (1 - pt) / s.n();
    }
    return s.varianceOfMean();
  }

  @Override
  public TestResult evaluate(
      ArmSummary candidate, @Nullable ArmSummary incumbent, AcceptableRange range, double alpha) {
    Require.nonNull("candidate", candidate);
    Require.nonNull("range", range);
    Require.inOpenRange("alpha", alpha, 0, 1);
    long n = candidate.n();
    double est = candidate.mean();
    double v = 0;
    if (twoSample) {
      Require.nonNull("incumbent", incumbent);
      n = Math.min(n, incumbent.n());
      if (n >= minSamples) {
        est = candidate.mean() - incumbent.mean();
        v = armVariance(candidate) + armVariance(incumbent);
      }
    } else if (n >= minSamples) {
      v = armVariance(candidate);
    }
    if (n < minSamples || !(v > 0)) {
      return new TestResult(n, n < minSamples ? Double.NaN : est, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
          Double.NaN, 1, 1);
    }
    double t2 = tau * tau;
    double half = Math.sqrt(v * (v + t2) / t2 * (2 * Math.log(1 / alpha) + Math.log((v + t2) / v)));
    double pLo = pAt(est, range.lo(), v, t2);
    double pHi = pAt(est, range.hi(), v, t2);
    double pHarm = est > range.hi() ? pHi : est < range.lo() ? pLo : 1;
    double pAcc = range.contains(est) ? Math.max(pLo, pHi) : 1;
    double z = (est - 0) / Math.sqrt(v);
    return new TestResult(n, est, est - half, est + half, z, pHarm, pAcc);
  }

  /** The always-valid p-value {@code min(1, 1/Λ(θ₀))}; 0 for an infinite θ₀. */
  static double pAt(double est, double theta0, double v, double t2) {
    if (Double.isInfinite(theta0)) {
      return 0;
    }
    double d = est - theta0;
    double logLambda = 0.5 * Math.log(v / (v + t2)) + t2 * d * d / (2 * v * (v + t2));
    return logLambda <= 0 ? 1 : Math.exp(-logLambda);
  }
}
