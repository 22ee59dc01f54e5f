package dev.align4j.rollout.guardrail;

import dev.align4j.core.check.Require;
import java.time.Instant;
import java.util.Locale;

/**
 * The Gao, Schulman and Hilton (2022, arXiv 2210.10760) over-optimisation curve fitted to checkpoints: gold reward
 * (a held-out judge or human sample) against {@code d = sqrt(KL(π‖π_init))}.
 *
 * <ul>
 *   <li>RL form: {@code R(d) = d(α − β ln d)}; linear least squares on {@code R/d = α − β ln d}; peak
 *       {@code d* = exp(α/β − 1)};
 *   <li>best-of-n form: {@code R(d) = d(α − β d)}; linear least squares on {@code R/d = α − β d}; peak
 *       {@code d* = α/(2β)}.
 * </ul>
 *
 * <p>As a {@link Precondition}: the candidate's {@code d} must not exceed the fitted peak (beyond it the proxy reward
 * keeps rising while the gold reward falls). Without a peak (β ≤ 0) the precondition holds and says so.
 *
 * @param form which curve
 * @param alpha fitted α
 * @param beta fitted β
 * @param candidateD the candidate's d, or NaN when not set
 */
public record OverOptimizationFit(Form form, double alpha, double beta, double candidateD) implements Precondition {

  /** The curve's functional form. */
  public enum Form {
    /** {@code d(α − β ln d)} (RL). */
    RL,
    /** {@code d(α − β d)} (best-of-n). */
    BEST_OF_N
  }

  /** Validates. */
  public OverOptimizationFit {
    Require.nonNull("form", form);
    Require.finite("alpha", alpha);
    Require.finite("beta", beta);
  }

  /**
   * Fits the curve to checkpoints ({@code d[i] > 0}, {@code gold[i]}).
   *
   * @throws IllegalArgumentException for fewer than 3 points, non-positive d, non-finite values, or all-equal x
   */
  public static OverOptimizationFit fit(Form form, double[] d, double[] gold) {
    Require.nonNull("form", form);
    Require.sameLength("d", d.length, "gold", gold.length);
    Require.argument(d.length >= 3, "d must hold at least 3 checkpoints, had %d", d.length);
    Require.allFinite("gold", gold);
    int n = d.length;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      Require.positive("d[" + i + "]", d[i]);
      x[i] = form == Form.RL ? Math.log(d[i]) : d[i];
      y[i] = gold[i] / d[i];
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
    }
    Require.argument(sxx > 0, "d must not be all equal");
    double slope = sxy / sxx;
    return new OverOptimizationFit(form, my - slope * mx, -slope, Double.NaN);
  }

  /** The fitted gold reward at {@code d}. */
  public double predict(double d) {
    Require.positive("d", d);
    return form == Form.RL ? d * (alpha - beta * Math.log(d)) : d * (alpha - beta * d);
  }

  /** The d of the fitted peak, or +∞ when the curve has none (β ≤ 0). */
  public double peak() {
    if (beta <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return form == Form.RL ? Math.exp(alpha / beta - 1) : alpha / (2 * beta);
  }

  /** A copy checking a candidate whose KL to the initial policy is {@code kl} nats ({@code d = sqrt(kl)}). */
  public OverOptimizationFit withCandidateKl(double kl) {
    Require.nonNegative("kl", kl);
    return new OverOptimizationFit(form, alpha, beta, Math.sqrt(kl));
  }

  @Override
  public String name() {
    return "proxy_gold_overoptimization";
  }

  @Override
  public PreconditionResult check(Instant now) {
    Require.argument(!Double.isNaN(candidateD), "candidate KL must be set with withCandidateKl before checking");
    double peak = peak();
    boolean ok = candidateD <= peak;
    String msg = String.format(Locale.ROOT, "%s fit alpha %.4g beta %.4g, peak d* %.4g, candidate d %.4g", form, alpha,
        beta, peak, candidateD);
    return new PreconditionResult(name(), ok, ok ? "PASS" : "BEYOND_GOLD_PEAK", msg);
  }
}
