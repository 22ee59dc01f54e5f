package dev.align4j.rewards.train;

import java.util.Arrays;
import java.util.List;

/**
 * The independent reference for text reward models: an L2-regularised logistic regression on word-count differences,
 * {@code min_w Σ_i log(1 + exp(−y_i·w·(c(a_i) − c(b_i)))) + (λ/2)·‖w‖²} over the true vocabulary (no hashing, no
 * normalisation, no bias: it cancels in a difference), fitted in double precision by a truncated Newton method
 * (Newton–CG: each step solves {@code (XᵀDX + λI)·d = −g} by diagonally preconditioned conjugate gradients with
 * exact Hessian–vector products, then a backtracking Armijo line search) until the gradient norm falls below
 * {@code 1e-8} of its start.
 * It shares no code with the library's trainer: another algorithm, other features, other arithmetic.
 */
final class CountDifferenceLogisticRegression {
  final double[] w;
  final int newtonSteps;

  /**
   * @param pairs the training pairs
   * @param vocabulary the vocabulary size
   * @param lambda λ &gt; 0
   */
  CountDifferenceLogisticRegression(List<SyntheticTextPreferences.Pair> pairs, int vocabulary, double lambda) {
    int n = pairs.size();
    int[][] idx = new int[n][];
    double[][] val = new double[n][];
    double[] y = new double[n];
    double[] dense = new double[vocabulary];
    boolean[] seen = new boolean[vocabulary];
    for (int i = 0; i < n; i++) {
      SyntheticTextPreferences.Pair p = pairs.get(i);
      for (int id : p.wordsA()) {
        dense[id] += 1;
      }
      for (int id : p.wordsB()) {
        dense[id] -= 1;
      }
      // the non-zero coordinates of c(a) − c(b), each word once
      int[] ix = new int[p.wordsA().length + p.wordsB().length];
      double[] vx = new double[ix.length];
      int k = 0;
      for (int[] side : new int[][] {p.wordsA(), p.wordsB()}) {
        for (int id : side) {
          if (!seen[id]) {
            seen[id] = true;
            if (dense[id] != 0) {
              ix[k] = id;
              vx[k] = dense[id];
              k++;
            }
          }
        }
      }
      for (int[] side : new int[][] {p.wordsA(), p.wordsB()}) {
        for (int id : side) {
          dense[id] = 0;
          seen[id] = false;
        }
      }
      idx[i] = Arrays.copyOf(ix, k);
      val[i] = Arrays.copyOf(vx, k);
      y[i] = p.label();
    }
    double[] weights = new double[vocabulary];
    double[] grad = new double[vocabulary];
    double[] curvature = new double[n];
    double f = lossAndGradient(idx, val, y, weights, lambda, grad, curvature);
    double g0 = norm(grad);
    int steps = 0;
    while (norm(grad) > 1e-8 * g0 && steps < 50) {
      double[] d = conjugateGradient(idx, val, curvature, lambda, grad, vocabulary);
      double slope = dot(grad, d);
      double t = 1;
      double[] trial = new double[vocabulary];
      double[] trialGrad = new double[vocabulary];
      double[] trialCurvature = new double[n];
      double ft;
      while (true) {
        for (int j = 0; j < vocabulary; j++) {
          trial[j] = weights[j] + t * d[j];
        }
        ft = lossAndGradient(idx, val, y, trial, lambda, trialGrad, trialCurvature);
        if (ft <= f + 1e-4 * t * slope || t < 1e-10) {
          break;
        }
        t *= 0.5;
      }
      weights = trial;
      grad = trialGrad;
      curvature = trialCurvature;
      f = ft;
      steps++;
    }
    this.w = weights;
    this.newtonSteps = steps;
  }

  /** The fitted log-odds that a beats b. */
  double margin(SyntheticTextPreferences.Pair p) {
    double s = 0;
    for (int id : p.wordsA()) {
      s += w[id];
    }
    for (int id : p.wordsB()) {
      s -= w[id];
    }
    return s;
  }

  /** Sum of logistic losses plus (λ/2)‖w‖²; writes the gradient and the per-example curvature σ(z)σ(−z). */
  private static double lossAndGradient(int[][] idx, double[][] val, double[] y, double[] w, double lambda,
      double[] grad, double[] curvature) {
    double f = 0;
    for (int j = 0; j < w.length; j++) {
      grad[j] = lambda * w[j];
      f += 0.5 * lambda * w[j] * w[j];
    }
    for (int i = 0; i < y.length; i++) {
      double z = 0;
      for (int k = 0; k < idx[i].length; k++) {
        z += w[idx[i][k]] * val[i][k];
      }
      double m = y[i] * z;
      // log(1 + e^{-m}) computed stably
      f += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
      double sNeg = 1 / (1 + Math.exp(m));
      curvature[i] = sNeg * (1 - sNeg);
      double coef = -y[i] * sNeg;
      for (int k = 0; k < idx[i].length; k++) {
        grad[idx[i][k]] += coef * val[i][k];
      }
    }
    return f;
  }

  /**
   * Solves {@code (XᵀDX + λI)·d = −g} by conjugate gradients preconditioned with the Hessian's diagonal (Zipf counts
   * make it span orders of magnitude), to a relative residual of 1e-6 or 200 iterations.
   */
  private static double[] conjugateGradient(int[][] idx, double[][] val, double[] curvature, double lambda,
      double[] g, int p) {
    double[] diag = new double[p];
    Arrays.fill(diag, lambda);
    for (int i = 0; i < curvature.length; i++) {
      for (int k = 0; k < idx[i].length; k++) {
        diag[idx[i][k]] += curvature[i] * val[i][k] * val[i][k];
      }
    }
    double[] d = new double[p];
    double[] r = new double[p];
    double[] z = new double[p];
    for (int j = 0; j < p; j++) {
      r[j] = -g[j];
      z[j] = r[j] / diag[j];
    }
    double[] dir = z.clone();
    double rz = dot(r, z);
    double stop = 1e-12 * dot(r, r);
    double[] hv = new double[p];
    for (int it = 0; it < 200 && dot(r, r) > stop; it++) {
      for (int j = 0; j < p; j++) {
        hv[j] = lambda * dir[j];
      }
      for (int i = 0; i < curvature.length; i++) {
        double u = 0;
        for (int k = 0; k < idx[i].length; k++) {
          u += dir[idx[i][k]] * val[i][k];
        }
        u *= curvature[i];
        for (int k = 0; k < idx[i].length; k++) {
          hv[idx[i][k]] += u * val[i][k];
        }
      }
      double alpha = rz / dot(dir, hv);
      for (int j = 0; j < p; j++) {
        d[j] += alpha * dir[j];
        r[j] -= alpha * hv[j];
        z[j] = r[j] / diag[j];
      }
      double rzNew = dot(r, z);
      for (int j = 0; j < p; j++) {
        dir[j] = z[j] + rzNew / rz * dir[j];
      }
      rz = rzNew;
    }
    return d;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }
}
