package dev.align4j.optimizers.monitor;

import dev.align4j.core.check.Require;

/**
 * Gao, Schulman and Hilton's RL over-optimisation curve (2023, "Scaling Laws for Reward Model Overoptimization",
 * arXiv 2210.10760, eq. 2) fitted to a run's gold-reward gains: {@code R(d) = d(α − β ln d)} with
 * {@code d = sqrt(KL(π‖π_init))} and R the gold reward minus its value at the start. Fitted by linear least squares on
 * {@code R/d = α − β ln d} (the form the rollout guardrail fits to checkpoints); the gold reward peaks at
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
    int n = d.length;
    double mx = 0;
    double my = 0;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      Require.argument(
          Double.isFinite(d[i]) && d[i] > 0, "d[%d] must be finite and > 0, was %s", i, d[i]);
      x[i] = Math.log(d[i]);
      y[i] = gain[i] / d[i];
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
    Require.argument(sxx > 0, "d must not be all equal, was %s at every point", d[0]);
    double slope = sxy / sxx;
    return new OverOptimizationCurve(my - slope * mx, -slope, n);
  }

  /** The fitted gold gain at {@code d} (0 at d = 0). */
  public double gainAt(double d) {
    return d <= 0 ? 0 : d * (alpha - beta * Math.log(d));
  }

  /** The d at which the fitted gold gain peaks, {@code exp(α/β − 1)}, or +∞ when β ≤ 0 (no peak). */
  public double peakD() {
    return beta > 0 ? Math.exp(alpha / beta - 1) : Double.POSITIVE_INFINITY;
  }
}
