package dev.align4j.rollout.guardrail;

import dev.align4j.core.check.Require;
import dev.align4j.core.eval.GaoOverOptimizationFit;
import java.time.Instant;
import java.util.Locale;

/**
 * The Gao, Schulman and Hilton (2023, arXiv 2210.10760) over-optimisation curve fitted to checkpoints: gold reward
 * gained over the initial policy (a held-out judge or human sample) against {@code d = sqrt(KL(π‖π_init))}. The curve
 * and its fit are core's {@link GaoOverOptimizationFit} (least squares of R on the columns d and {@code −d·g(d)}, no
 * intercept); this record adds the gate's check.
 *
 * <ul>
 *   <li>RL form: {@code R(d) = d(α − β ln d)}; peak {@code d* = exp(α/β − 1)};
 *   <li>best-of-n form: {@code R(d) = d(α − β d)}; peak {@code d* = max(0, α/(2β))}.
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
public record OverOptimizationFit(Form form, double alpha, double beta, double candidateD)
    implements Precondition {

  /** The curve's functional form. */
  public enum Form {
    /** {@code d(α − β ln d)} (RL). */
    RL(GaoOverOptimizationFit.Form.RL),
    /** {@code d(α − β d)} (best-of-n). */
    BEST_OF_N(GaoOverOptimizationFit.Form.BEST_OF_N);

    private final GaoOverOptimizationFit.Form core;

    Form(GaoOverOptimizationFit.Form core) {
      this.core = core;
    }
  }

  /** Validates. */
  public OverOptimizationFit {
    Require.nonNull("form", form);
    Require.finite("alpha", alpha);
    Require.finite("beta", beta);
  }

  /**
   * Fits the curve to checkpoints ({@code d[i] > 0}, {@code gold[i]}) by core's least squares.
   *
   * @throws IllegalArgumentException for fewer than 3 points, non-positive d, non-finite values, or all-equal d
   */
  public static OverOptimizationFit fit(Form form, double[] d, double[] gold) {
    Require.nonNull("form", form);
    Require.sameLength("d", d.length, "gold", gold.length);
    Require.argument(d.length >= 3, "d must hold at least 3 checkpoints, had %d", d.length);
    Require.allFinite("gold", gold);
    GaoOverOptimizationFit fit = GaoOverOptimizationFit.fit(form.core, d, gold);
    return new OverOptimizationFit(form, fit.alpha(), fit.beta(), Double.NaN);
  }

  /** This curve as core's {@link GaoOverOptimizationFit} (given by its coefficients: {@code n = 0}). */
  public GaoOverOptimizationFit curve() {
    return GaoOverOptimizationFit.of(form.core, alpha, beta);
  }

  /** The fitted gold reward at {@code d}. */
  public double predict(double d) {
    Require.positive("d", d);
    return curve().predict(d);
  }

  /** The d of the fitted peak, or +∞ when the curve has none (β ≤ 0). */
  public double peak() {
    return curve().peak();
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
    Require.argument(
        !Double.isNaN(candidateD), "candidate KL must be set with withCandidateKl before checking");
    double peak = peak();
    boolean ok = candidateD <= peak;
    String msg =
        String.format(
            Locale.ROOT,
            "%s fit alpha %.4g beta %.4g, peak d* %.4g, candidate d %.4g",
            form,
            alpha,
            beta,
            peak,
            candidateD);
    return new PreconditionResult(name(), ok, ok ? "PASS" : "BEYOND_GOLD_PEAK", msg);
  }
}
