package dev.align4j.optimizers.objective.pairwise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.core.TokenDistributions;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.math.StableMath;
import org.junit.jupiter.api.Test;

/**
 * WPO weights against frontier-methods.md §11 item 5 (frontier-methods-vectors.py, TRL's {@code use_weighting}
 * formula in numpy): w(y) = [1.260927 1.054516 | 1.169529 1.009988], pair weights [1.47469 1.065048], and the weighted
 * sigmoid loss mean 0.897382. Masked positions of the script are left out of the sequences here.
 */
class WpoWeightsTest {

  private static double weight(double[][] logits, int[] tokens) {
    int v = logits[0].length;
    double[] rows = new double[logits.length * v];
    double[] lp = new double[logits.length];
    for (int t = 0; t < logits.length; t++) {
      double lse = StableMath.logSumExp(logits[t]);
      for (int j = 0; j < v; j++) {
        rows[t * v + j] = logits[t][j] - lse;
      }
      lp[t] = rows[t * v + tokens[t]];
    }
    return WpoWeights.sequenceWeight(new TokenLogProbs(lp), new TokenDistributions(rows, v));
  }

  @Test
  void matchesTheReferenceVectors() {
    double w0 =
        weight(new double[][] {{2, 0, 0, -1}, {0.5, 0.5, 0, 0}, {1, 2, 3, 0}}, new int[] {0, 1, 2});
    double w1 = weight(new double[][] {{0, 0, 0, 0}, {3, -1, 0, 0}}, new int[] {1, 0});
    double r0 =
        weight(new double[][] {{1, 0, 0, 0}, {0, 0, 4, 0}, {0.2, 0.1, 0, 0}}, new int[] {0, 2, 1});
    double r1 = weight(new double[][] {{0, 0, 0, 0}, {0, 0, 0, 5}}, new int[] {3, 3});
    assertEquals(1.260927, w0, 1e-6);
    assertEquals(1.054516, w1, 1e-6);
    assertEquals(1.169529, r0, 1e-6);
    assertEquals(1.009988, r1, 1e-6);
    assertEquals(1.47469, w0 * r0, 1e-5);
    assertEquals(1.065048, w1 * r1, 1e-6);
    // sigmoid DPO (β 0.1) per pair: −log σ(−0.01), −log σ(−0.05); weighted mean 0.897382
    double l0 = -StableMath.logSigmoid(-0.01);
    double l1 = -StableMath.logSigmoid(-0.05);
    assertEquals(0.897382, (w0 * r0 * l0 + w1 * r1 * l1) / 2, 1e-6);
  }

  @Test
  void oneHotPolicyOnTheSequenceHasWeightOne() {
    assertEquals(1.0, weight(new double[][] {{60, 0, 0}, {0, 0, 60}}, new int[] {0, 2}), 1e-12);
  }
}
