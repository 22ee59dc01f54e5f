package dev.align4j.rollout.guardrail;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;

/**
 * The length-controlled win rate (Dubois et al. 2024, arXiv 2404.04475, AlpacaEval-LC): fit the logistic model
 * {@code P(candidate wins) = σ(θ + φ · tanh(Δlen / sd(Δlen)))} to per-prompt win scores in [0, 1] (soft labels
 * allowed) by Newton's method on the cross-entropy, then report {@code σ(θ)}, the win rate with the length term
 * zeroed: what the judge would say if the answers were equally long.
 *
 * @param winRate the raw mean win score
 * @param lengthControlledWinRate σ(θ)
 * @param theta the intercept
 * @param phi the length coefficient (positive: the judge favours the longer answer)
 */
public record LengthControlledWinRate(double winRate, double lengthControlledWinRate, double theta, double phi) {

  /**
   * Fits the model.
   *
   * @param wins per-prompt candidate win scores in [0, 1]
   * @param lengthDiffs candidate length − incumbent length per prompt (tokens)
   * @throws IllegalArgumentException for mismatched or empty arrays, scores outside [0, 1], non-finite values
   */
  public static LengthControlledWinRate fit(double[] wins, double[] lengthDiffs) {
    Require.sameLength("wins", wins.length, "lengthDiffs", lengthDiffs.length);
    Require.argument(wins.length >= 2, "wins must hold at least 2 scores, had %d", wins.length);
    Require.allFinite("lengthDiffs", lengthDiffs);
    int n = wins.length;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      Require.probability("wins[" + i + "]", wins[i]);
      mean += wins[i];
    }
    mean /= n;
    double dm = 0;
    for (double d : lengthDiffs) {
      dm += d;
    }
    dm /= n;
    double var = 0;
    for (double d : lengthDiffs) {
      var += (d - dm) * (d - dm);
    }
    double sd = Math.sqrt(var / (n - 1));
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = sd > 0 ? Math.tanh(lengthDiffs[i] / sd) : 0;
    }
    double theta = StableMath.logit(Math.min(Math.max(mean, 1e-6), 1 - 1e-6));
    double phi = 0;
    double ridge = 1e-10;
    for (int it = 0; it < 100; it++) {
      double g0 = 0;
      double g1 = 0;
      double h00 = ridge;
      double h01 = 0;
      double h11 = ridge;
      for (int i = 0; i < n; i++) {
        double p = StableMath.sigmoid(theta + phi * x[i]);
        double r = p - wins[i];
        double w = p * (1 - p);
        g0 += r;
        g1 += r * x[i];
        h00 += w;
        h01 += w * x[i];
        h11 += w * x[i] * x[i];
      }
      g0 += ridge * theta;
      g1 += ridge * phi;
      double det = h00 * h11 - h01 * h01;
      double d0 = (h11 * g0 - h01 * g1) / det;
      double d1 = (h00 * g1 - h01 * g0) / det;
      theta -= d0;
      phi -= d1;
      if (Math.abs(d0) + Math.abs(d1) < 1e-12) {
        break;
      }
    }
    return new LengthControlledWinRate(mean, StableMath.sigmoid(theta), theta, phi);
  }
}
