package dev.align4j.optimizers.kl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class KlRewardShapingTest {

  @Test
  void tokenRewardsPenaliseEveryTokenAndPutTheScoreOnTheLast() {
    double[] lp = {-1, -2, -0.5};
    double[] ref = {-1.5, -2, -0.25};
    double[] r = KlRewardShaping.tokenRewards(new int[] {2, 1}, new double[] {3, -1}, lp, ref, KlEstimator.K1, 0.1);
    assertArrayEquals(new double[] {-0.1 * 0.5, 3 - 0.0, -1 - 0.1 * -0.25}, r, 1e-15);
    double[] noKl = KlRewardShaping.tokenRewards(new int[] {2, 1}, new double[] {3, -1}, lp, ref, KlEstimator.K3, 0);
    assertArrayEquals(new double[] {0, 3, -1}, noKl, 0.0);
  }

  @Property(trials = 50)
  void sequenceRewardsAreScoreMinusBetaTimesSummedTokenPenalties(Gen gen) {
    int n = gen.intIn(1, 4);
    int[] lengths = gen.lengths(n, 6);
    int total = 0;
    for (int l : lengths) {
      total += l;
    }
    double[] lp = gen.logProbs(total, -10);
    double[] ref = gen.logProbs(total, -10);
    double[] scores = gen.gaussians(n);
    double beta = gen.uniform(0, 1);
    KlEstimator est = gen.oneOf(KlEstimator.values());
    double[] perSeq = KlRewardShaping.sequenceRewards(scores, lengths, lp, ref, null, est, beta);
    double[] perToken = KlRewardShaping.tokenRewards(lengths, scores, lp, ref, est, beta);
    int t = 0;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int k = 0; k < lengths[i]; k++) {
        s += perToken[t++];
      }
      assertEquals(perSeq[i], s, 1e-9 * Math.max(1, Math.abs(s)), "sequence " + i);
    }
  }

  @Test
  void rejectsBadInput() {
    double[] lp = {-1, -2};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KlRewardShaping.tokenRewards(new int[] {2, 0}, new double[] {1, 1}, lp, lp, KlEstimator.K1, 0.1));
    assertTrue(e.getMessage().contains("lengths[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> KlRewardShaping.tokenRewards(new int[] {2}, new double[] {1}, lp, lp, KlEstimator.K1, -1));
    assertTrue(e.getMessage().contains("beta"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> KlRewardShaping.sequenceRewards(new double[] {Double.NaN}, new int[] {2}, lp, lp, null, KlEstimator.K1,
            0.1));
    assertTrue(e.getMessage().contains("scores[0]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> KlRewardShaping.sequenceRewards(new double[] {1, 2}, new int[] {2}, lp, lp, null, KlEstimator.K1, 0.1));
    assertTrue(e.getMessage().contains("scores") && e.getMessage().contains("lengths"), e.getMessage());
  }
}
