package dev.align4j.optimizers.objective.pairwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.TokenLevelPairBatch;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class TokenLevelRewardsTest {
  @Test
  void rewardsPerTokenPerSequenceAndRunning() {
    // the per-token log-probs of TV4 in trl-objectives.md §16 (without ld_alpha): log-ratios 0.0 (chosen), −2.5 (rejected)
    double[] policy = {-1, -2, -3, -0.5, -1, -1.5, -2, -2.5};
    double[] reference = {-1.5, -2, -2.5, -1, -1, -1, -1, -1};
    int[] lengths = {3, 5};
    TokenLevelRewards r = TokenLevelRewards.withBeta(0.1);
    assertArrayEquals(new double[] {0.05, 0, -0.05, 0.05, 0, -0.05, -0.1, -0.15},
        r.tokenRewards(policy, reference), 1e-12);
    assertArrayEquals(new double[] {0.0, -0.25}, r.sequenceRewards(policy, reference, lengths), 1e-12);
    assertArrayEquals(new double[] {0.05, 0.05, 0.0, 0.05, 0.05, 0.0, -0.1, -0.25},
        r.cumulativeRewards(policy, reference, lengths), 1e-12);
    assertArrayEquals(new int[] {2, 4}, r.lowestRewardPositions(policy, reference, lengths));
  }

  @Property(trials = 100)
  void sequenceRewardIsTheDpoImplicitRewardAndTheLastRunningSum(Gen gen) {
    int n = gen.intIn(1, 5);
    int[] lengths = gen.lengths(n, 30);
    int total = 0;
    for (int l : lengths) {
      total += l;
    }
    double[] policy = gen.logProbs(total, -1e4);
    double[] reference = gen.logProbs(total, -1e4);
    double beta = gen.doubleIn(0.01, 5);
    TokenLevelRewards r = TokenLevelRewards.withBeta(beta);
    double[] seq = r.sequenceRewards(policy, reference, lengths);
    double[] running = r.cumulativeRewards(policy, reference, lengths);
    double[] ps = TokenLevelPairBatch.sequenceSums(policy, lengths);
    double[] rs = TokenLevelPairBatch.sequenceSums(reference, lengths);
    int end = 0;
    for (int i = 0; i < n; i++) {
      end += lengths[i];
      double dpo = beta * (ps[i] - rs[i]);
      assertEquals(dpo, seq[i], 1e-9 * Math.max(1, Math.abs(dpo)));
      assertEquals(seq[i], running[end - 1], 1e-9 * Math.max(1, Math.abs(dpo)));
    }
  }

  @Test
  void rejectsBadInput() {
    TokenLevelRewards r = TokenLevelRewards.withBeta(0.1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> r.sequenceRewards(new double[] {-1, -2}, new double[] {-1, -1}, new int[] {1}));
    assertTrue(e.getMessage().contains("sum of lengths"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> r.tokenRewards(new double[] {-1, Double.NaN}, new double[] {-1, -1}));
    assertTrue(e.getMessage().contains("policyTokens[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TokenLevelRewards.withBeta(0));
    assertTrue(e.getMessage().contains("beta"), e.getMessage());
  }
}
