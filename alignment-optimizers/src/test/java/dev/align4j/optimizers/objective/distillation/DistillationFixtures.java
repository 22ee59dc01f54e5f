package dev.align4j.optimizers.objective.distillation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.core.TokenDistributions;
import dev.align4j.core.math.StableMath;
import dev.align4j.testkit.Gen;
import java.util.Arrays;
import java.util.List;

/** Inputs shared by the distillation tests: logits turned into log-distributions, and the logit-space gradient. */
final class DistillationFixtures {
  /**
   * The logits of frontier-methods-vectors.py item 4 (two sequences, V = 3; the second sequence's second position is
   * masked there, so it has one token here).
   */
  static final double[][][] STUDENT = {{{2.0, 0.5, -1.0}, {0.1, 0.2, 0.3}}, {{-0.5, 1.0, 0.0}}};

  static final double[][][] TEACHER = {{{1.0, 1.0, -2.0}, {0.0, 1.5, 0.3}}, {{0.5, 0.5, 0.5}}};

  private DistillationFixtures() {}

  /** log_softmax of every row. */
  static TokenDistributions logSoftmax(double[][] logits) {
    int v = logits[0].length;
    double[] out = new double[logits.length * v];
    for (int t = 0; t < logits.length; t++) {
      double lse = StableMath.logSumExp(logits[t]);
      for (int j = 0; j < v; j++) {
        out[t * v + j] = logits[t][j] - lse;
      }
    }
    return new TokenDistributions(out, v);
  }

  static List<TokenDistributions> batch(double[][][] logits) {
    return Arrays.stream(logits).map(DistillationFixtures::logSoftmax).toList();
  }

  /** The gradient with respect to the logits, {@code G_j − p_j·Σ_v G_v} row by row (the policy's Jacobian). */
  static double[] logitGradient(TokenDistributions d, double[] g) {
    int v = d.vocabularySize();
    double[] out = new double[g.length];
    for (int t = 0; t < d.length(); t++) {
      double sum = 0;
      for (int j = 0; j < v; j++) {
        sum += g[t * v + j];
      }
      for (int j = 0; j < v; j++) {
        out[t * v + j] = g[t * v + j] - Math.exp(d.logProb(t, j)) * sum;
      }
    }
    return out;
  }

  /** Checks the batch's logit gradients against rows listed in batch order. */
  static void assertLogitGradients(
      List<TokenDistributions> student,
      DistributionLossResult r,
      double[][] expectedRows,
      double tol) {
    int row = 0;
    for (int i = 0; i < student.size(); i++) {
      double[] g = logitGradient(student.get(i), r.gradients().get(i));
      int v = student.get(i).vocabularySize();
      for (int t = 0; t < student.get(i).length(); t++, row++) {
        for (int j = 0; j < v; j++) {
          assertEquals(expectedRows[row][j], g[t * v + j], tol, "row " + row + " token " + j);
        }
      }
    }
  }

  /** Random logits, {@code n} sequences of 1..4 positions over {@code v} tokens, some very peaked. */
  static double[][][] randomLogits(Gen gen, int n, int v) {
    double[][][] out = new double[n][][];
    for (int i = 0; i < n; i++) {
      out[i] = new double[gen.intIn(1, 4)][v];
      double scale = gen.oneOf(0.5, 2.0, 6.0);
      for (double[] row : out[i]) {
        for (int j = 0; j < v; j++) {
          row[j] = gen.gaussian() * scale;
        }
      }
    }
    return out;
  }

  /** The same shapes as {@code like}, fresh random logits. */
  static double[][][] randomLike(Gen gen, double[][][] like) {
    double[][][] out = new double[like.length][][];
    for (int i = 0; i < like.length; i++) {
      out[i] = new double[like[i].length][like[i][0].length];
      for (double[] row : out[i]) {
        for (int j = 0; j < row.length; j++) {
          row[j] = gen.gaussian() * 2;
        }
      }
    }
    return out;
  }
}
