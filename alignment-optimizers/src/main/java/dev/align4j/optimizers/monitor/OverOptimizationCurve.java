package dev.align4j.optimizers.monitor;

import dev.align4j.core.check.Require;
import dev.align4j.core.eval.GaoOverOptimizationFit;
import dev.align4j.core.eval.GaoOverOptimizationFit.Form;

/**
 * Gao, Schulman and Hilton's RL over-optimisation curve (2023, "Scaling Laws for Reward Model Overoptimization",
 * arXiv 2210.10760, eq. 2) fitted to a run's gold-reward gains: {@code R(d) = d(α − β ln d)} with
 * {@code d = sqrt(KL(π‖π_init))} and R the gold reward minus its value at the start. The fit is core's
 * {@link GaoOverOptimizationFit} (least squares of R on the columns d and {@code −d ln d}); the gold reward peaks at
 * {@code d* = exp(α/β − 1)} when β &gt; 0 and rises for ever otherwise.
 *
 * @param alpha fitted α
 * @param beta fitted β
 * @param points the number of (d, R) points fitted
 */
public record OverOptimizationCurve(double alpha, double beta, int points) {

  /** Validates. */
  public OverOptimizationCurve {
    Require.finite("alpha", alpha);
    Require.finite("beta", beta);
    Require.argument(points >= 2, "points must be >= 2, was %d", points);
  }

  /**
   * Fits the curve to {@code n} points ({@code d[i] > 0}, {@code gain[i]}).
   *
   * @throws IllegalArgumentException for fewer than 2 points, different lengths, non-positive or all-equal d, or
   *     non-finite values
   */
  public static OverOptimizationCurve fit(double[] d, double[] gain) {
    Require.sameLength("d", d.length, "gain", gain.length);
    Require.argument(d.length >= 2, "d must hold at least 2 points, had %d", d.length);
    Require.allFinite("gain", gain);
    return of(GaoOverOptimizationFit.fit(Form.RL, d, gain));
  }

  /**
   * The curve of a core RL fit.
   *
   * @throws IllegalArgumentException if the fit is not of the RL form or has fewer than 2 points
   */
  public static OverOptimizationCurve of(GaoOverOptimizationFit fit) {
    Require.argument(fit.form() == Form.RL, "fit must be of the RL form, was %s", fit.form());
    Require.argument(
        fit.n() <= Integer.MAX_VALUE,
        "fit must have at most %d points, had %d",
        Integer.MAX_VALUE,
        fit.n());
    return new OverOptimizationCurve(fit.alpha(), fit.beta(), (int) fit.n());
  }

  /** This curve as core's {@link GaoOverOptimizationFit}. */
  public GaoOverOptimizationFit toFit() {
    return new GaoOverOptimizationFit(Form.RL, alpha, beta, points);
  }

  /** The fitted gold gain at {@code d} (0 at d &lt;= 0, NaN at NaN). */
  public double gainAt(double d) {
    if (Double.isNaN(d)) {
      return Double.NaN;
    }
    return d <= 0 ? 0 : toFit().predict(d);
  }

  /** The d at which the fitted gold gain peaks, {@code exp(α/β − 1)}, or +∞ when β ≤ 0 (no peak). */
  public double peakD() {
    return toFit().peak();
  }
}
