package dev.align4j.core.eval;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import org.jspecify.annotations.Nullable;

/**
 * The length-controlled win rate of AlpacaEval 2 (Dubois et al. 2024, "Length-Controlled AlpacaEval", arXiv
 * 2404.04475): the one definition used by every align4j module.
 *
 * <p>The GLM, fitted by unpenalised maximum likelihood on the cross-entropy (soft targets allowed):
 * {@code logit P(candidate ≻ baseline)_i = θ + φ·tanh(Δlen_i / sd(Δlen)) + γ·difficulty_i}, where θ is the
 * model-identity term, {@code Δlen = len(candidate) − len(baseline)} (not centred), {@code sd} is the sample standard
 * deviation (n − 1, as pandas' {@code std}) and {@code difficulty_i} is the optional per-instruction covariate (absent:
 * γ = 0). The length-controlled win rate is the model's prediction with the length term set to 0, averaged over the
 * prompts: {@code mean_i σ(θ + γ·difficulty_i)} (without an instruction term: {@code σ(θ)}).
 *
 * <p>Fitting: Newton's method with step halving on the log-likelihood; a damping of 1e-10 is added to the Hessian's
 * diagonal only (it keeps the linear solve defined when a column is collinear with another and does not move the
 * stationary point). Stops when every step component is below 1e-12 or after 200 iterations; with separable
 * data (e.g. every target 1) the MLE is at infinity and the rate saturates towards 0 or 1. AlpacaEval's leaderboard
 * adds an L1 penalty chosen by cross-validation and a regularisation towards gamed baselines; this estimator omits
 * both (one candidate, one baseline, no leaderboard). Length units are the caller's (characters or tokens); the
 * sign convention of Δlen does not change the rate (φ flips sign).
 *
 * @param winRate the raw mean of the targets
 * @param lengthControlledWinRate {@code mean_i σ(θ + γ·difficulty_i)}
 * @param theta the model-identity coefficient θ
 * @param phi the length coefficient φ (positive: the judge favours the longer answer)
 * @param gamma the instruction-difficulty coefficient γ (0 without an instruction term)
 * @param sigma the scale {@code sd(Δlen)} used (0 when every Δlen is equal: the length term is then 0 for every
 *     prompt, since a constant length difference cannot be told apart from the model-identity term)
 * @param iterations Newton iterations run
 */
public record LengthControlledWinRate(
    double winRate, double lengthControlledWinRate, double theta, double phi, double gamma, double sigma,
    int iterations) {

  private static final double DAMPING = 1e-10;
  private static final double TOLERANCE = 1e-12;
  private static final int MAX_ITERATIONS = 200;

  /**
   * Fits the GLM without an instruction term.
   *
   * @param wins per prompt, P(candidate ≻ baseline) in [0, 1] (1/0 for hard labels, ½ for ties)
   * @param lengthDiffs per prompt, candidate length − baseline length
   * @return the fit
   * @throws IllegalArgumentException for mismatched arrays, fewer than 2 prompts, targets outside [0, 1] or
   *     non-finite lengths
   */
  public static LengthControlledWinRate fit(double[] wins, double[] lengthDiffs) {
    return fit(wins, lengthDiffs, null);
  }

  /**
   * Fits the GLM with the per-instruction term of AlpacaEval ({@code difficulty} null: no instruction term).
   *
   * @param wins per prompt, P(candidate ≻ baseline) in [0, 1]
   * @param lengthDiffs per prompt, candidate length − baseline length
   * @param difficulty per prompt, the instruction covariate (AlpacaEval's {@code instruction_difficulty}), or null
   * @return the fit
   * @throws IllegalArgumentException for mismatched arrays, fewer than 2 prompts, targets outside [0, 1] or
   *     non-finite values
   */
  public static LengthControlledWinRate fit(double[] wins, double[] lengthDiffs, double @Nullable [] difficulty) {
    Require.nonNull("wins", wins);
    Require.nonNull("lengthDiffs", lengthDiffs);
    Require.sameLength("wins", wins.length, "lengthDiffs", lengthDiffs.length);
    int n = wins.length;
    Require.argument(n >= 2, "wins must hold at least 2 prompts, had %d", n);
    Require.allFinite("lengthDiffs", lengthDiffs);
    if (difficulty != null) {
      Require.sameLength("wins", n, "difficulty", difficulty.length);
      Require.allFinite("difficulty", difficulty);
    }
    double raw = 0;
    double meanDiff = 0;
    for (int i = 0; i < n; i++) {
      Require.probability("wins[" + i + "]", wins[i]);
      raw += wins[i];
      meanDiff += lengthDiffs[i];
    }
    raw /= n;
    meanDiff /= n;
    double var = 0;
    for (double d : lengthDiffs) {
      var += (d - meanDiff) * (d - meanDiff);
    }
    double sd = Math.sqrt(var / (n - 1));
    double sigma = sd > 0 ? sd : 0;
    int k = difficulty == null ? 2 : 3;
    double[][] x = new double[n][k];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      x[i][1] = sd > 0 ? Math.tanh(lengthDiffs[i] / sd) : 0;
      if (difficulty != null) {
        x[i][2] = difficulty[i];
      }
    }
    double[] beta = new double[k];
    double ll = logLikelihood(beta, x, wins);
    int it = 0;
    while (it < MAX_ITERATIONS) {
      it++;
      double[] g = new double[k];
      double[][] h = new double[k][k];
      for (int i = 0; i < n; i++) {
        double p = StableMath.sigmoid(dot(beta, x[i]));
        double r = wins[i] - p;
        double w = p * (1 - p);
        for (int a = 0; a < k; a++) {
          g[a] += r * x[i][a];
          for (int b = 0; b < k; b++) {
            h[a][b] += w * x[i][a] * x[i][b];
          }
        }
      }
      for (int a = 0; a < k; a++) {
        h[a][a] += DAMPING;
      }
      double[] step = solve(h, g);
      double scale = 1;
      double[] next = new double[k];
      double nextLl;
      while (true) {
        for (int a = 0; a < k; a++) {
          next[a] = beta[a] + scale * step[a];
        }
        nextLl = logLikelihood(next, x, wins);
        // a rounding-level decrease near the optimum is not a reason to shorten the step
        if (nextLl >= ll - 1e-12 * (1 + Math.abs(ll)) || scale < 1e-6) {
          break;
        }
        scale /= 2;
      }
      double size = 0;
      for (int a = 0; a < k; a++) {
        size = Math.max(size, Math.abs(next[a] - beta[a]));
      }
      beta = next;
      ll = nextLl;
      if (size < TOLERANCE) {
        break;
      }
    }
    double gamma = k == 3 ? beta[2] : 0;
    double lc;
    if (difficulty == null) {
      lc = StableMath.sigmoid(beta[0]);
    } else {
      lc = 0;
      for (int i = 0; i < n; i++) {
        lc += StableMath.sigmoid(beta[0] + gamma * difficulty[i]);
      }
      lc /= n;
    }
    return new LengthControlledWinRate(raw, lc, beta[0], beta[1], gamma, sigma, it);
  }

  private static double dot(double[] beta, double[] row) {
    double s = 0;
    for (int a = 0; a < beta.length; a++) {
      s += beta[a] * row[a];
    }
    return s;
  }

  private static double logLikelihood(double[] beta, double[][] x, double[] wins) {
    double s = 0;
    for (int i = 0; i < wins.length; i++) {
      double eta = dot(beta, x[i]);
      s += wins[i] * StableMath.logSigmoid(eta) + (1 - wins[i]) * StableMath.logSigmoid(-eta);
    }
    return s;
  }

  /** Solves {@code h·s = g} for a small symmetric positive-definite {@code h} (Gaussian elimination, pivoting). */
  private static double[] solve(double[][] h, double[] g) {
    int k = g.length;
    double[][] m = new double[k][k + 1];
    for (int a = 0; a < k; a++) {
      System.arraycopy(h[a], 0, m[a], 0, k);
      m[a][k] = g[a];
    }
    for (int c = 0; c < k; c++) {
      int pivot = c;
      for (int r = c + 1; r < k; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] tmp = m[c];
      m[c] = m[pivot];
      m[pivot] = tmp;
      for (int r = c + 1; r < k; r++) {
        double f = m[r][c] / m[c][c];
        for (int j = c; j <= k; j++) {
          m[r][j] -= f * m[c][j];
        }
      }
    }
    double[] s = new double[k];
    for (int r = k - 1; r >= 0; r--) {
      double v = m[r][k];
      for (int j = r + 1; j < k; j++) {
        v -= m[r][j] * s[j];
      }
      s[r] = v / m[r][r];
    }
    return s;
  }

  /**
   * Per-prompt length differences {@code candidate − baseline}, for callers that hold the two lengths.
   *
   * @param candidateLengths candidate lengths (non-negative)
   * @param baselineLengths baseline lengths (non-negative)
   * @return the differences
   * @throws IllegalArgumentException for mismatched arrays or negative lengths
   */
  public static double[] lengthDifferences(double[] candidateLengths, double[] baselineLengths) {
    Require.nonNull("candidateLengths", candidateLengths);
    Require.nonNull("baselineLengths", baselineLengths);
    Require.sameLength("candidateLengths", candidateLengths.length, "baselineLengths", baselineLengths.length);
    double[] d = new double[candidateLengths.length];
    for (int i = 0; i < d.length; i++) {
      Require.nonNegative("candidateLengths[" + i + "]", candidateLengths[i]);
      Require.nonNegative("baselineLengths[" + i + "]", baselineLengths[i]);
      d[i] = candidateLengths[i] - baselineLengths[i];
    }
    return d;
  }
}
