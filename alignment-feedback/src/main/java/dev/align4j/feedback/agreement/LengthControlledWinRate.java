package dev.align4j.feedback.agreement;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;

/**
 * The length-controlled win rate of AlpacaEval 2 (Dubois et al. 2024, arXiv 2404.04475): fit the logistic GLM
 * {@code logit P(candidate ≻ baseline) = θ + φ·tanh(Δlen / σ)} by maximum likelihood (soft targets allowed), where
 * {@code Δlen = len(candidate) − len(baseline)} and σ is the standard deviation of Δlen, and report the win rate the
 * model predicts at Δlen = 0: {@code σ(θ)}.
 *
 * <p>Differences from AlpacaEval: there is no per-instruction difficulty term (this estimator is for one candidate
 * against one baseline over a prompt set, where the instruction term is absorbed in θ), and a tiny ridge (1e-6) keeps
 * Newton's method finite when the data are separable. Length units are the caller's (characters or tokens).
 *
 * @param rawWinRate mean of the targets
 * @param lengthControlledWinRate σ(θ)
 * @param theta intercept
 * @param phi length coefficient
 * @param sigma the Δlen scale used
 * @param iterations Newton iterations run
 */
public record LengthControlledWinRate(
    double rawWinRate, double lengthControlledWinRate, double theta, double phi, double sigma, int iterations) {

  /**
   * Fits the GLM.
   *
   * @param candidateWins per comparison, P(candidate ≻ baseline) in [0, 1] (1/0 for hard labels, ½ for ties)
   * @param candidateLengths candidate lengths
   * @param baselineLengths baseline lengths
   */
  public static LengthControlledWinRate fit(double[] candidateWins, double[] candidateLengths,
      double[] baselineLengths) {
    Require.nonNull("candidateWins", candidateWins);
    Require.sameLength("candidateWins", candidateWins.length, "candidateLengths", candidateLengths.length);
    Require.sameLength("candidateWins", candidateWins.length, "baselineLengths", baselineLengths.length);
    int n = candidateWins.length;
    Require.argument(n >= 2, "candidateWins must hold >= 2 comparisons, had %d", n);
    double[] d = new double[n];
    double mean = 0;
    double raw = 0;
    for (int i = 0; i < n; i++) {
      Require.probability("candidateWins[" + i + "]", candidateWins[i]);
      Require.nonNegative("candidateLengths[" + i + "]", candidateLengths[i]);
      Require.nonNegative("baselineLengths[" + i + "]", baselineLengths[i]);
      d[i] = candidateLengths[i] - baselineLengths[i];
      mean += d[i] / n;
      raw += candidateWins[i] / n;
    }
    double var = 0;
    for (double x : d) {
      var += (x - mean) * (x - mean) / (n - 1);
    }
    double sigma = var > 0 ? Math.sqrt(var) : 1.0;
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = Math.tanh(d[i] / sigma);
    }
    double theta = 0;
    double phi = 0;
    double ridge = 1e-6;
    int it = 0;
    for (; it < 100; it++) {
      double g0 = -ridge * theta;
      double g1 = -ridge * phi;
      double h00 = ridge;
      double h01 = 0;
      double h11 = ridge;
      for (int i = 0; i < n; i++) {
        double p = StableMath.sigmoid(theta + phi * z[i]);
        double r = candidateWins[i] - p;
        double w = p * (1 - p);
        g0 += r;
        g1 += r * z[i];
        h00 += w;
        h01 += w * z[i];
        h11 += w * z[i] * z[i];
      }
      double det = h00 * h11 - h01 * h01;
      double dt;
      double dp;
      if (det > 1e-300) {
        dt = (h11 * g0 - h01 * g1) / det;
        dp = (h00 * g1 - h01 * g0) / det;
      } else {
        dt = g0 / h00;
        dp = 0;
      }
      theta += dt;
      phi += dp;
      if (Math.abs(dt) + Math.abs(dp) < 1e-10) {
        it++;
        break;
      }
    }
    return new LengthControlledWinRate(raw, StableMath.sigmoid(theta), theta, phi, sigma, it);
  }
}
