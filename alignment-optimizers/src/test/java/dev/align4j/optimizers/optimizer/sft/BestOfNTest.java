package dev.align4j.optimizers.optimizer.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RewardModel;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.optimizer.PoliteWorld;
import dev.align4j.policies.LogLinearPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BestOfNTest {

  @Test
  void selectionPicksTheHighestRewardAndRaisesTheMean() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    BestOfNSelector one = BestOfNSelector.builder(policy, PoliteWorld.REWARD).n(1).build();
    BestOfNSelector eight = BestOfNSelector.builder(policy, PoliteWorld.REWARD).n(8).build();
    SplittableRandom r = new SplittableRandom(3);
    double s1 = 0;
    double s8 = 0;
    int n = 400;
    for (int i = 0; i < n; i++) {
      Prompt p = PoliteWorld.prompt(i);
      s1 += one.select(p, r).bestReward();
      BestOfNSelector.Selection sel = eight.select(p, r);
      s8 += sel.bestReward();
      for (double v : sel.rewards()) {
        assertTrue(v <= sel.bestReward());
      }
      assertEquals(PoliteWorld.REWARD.score(p, sel.best()), sel.bestReward());
    }
    // uniform policy: P(polite) = 1/2; best of 8 is polite with probability 1 − 2^−8
    assertEquals(0.5, s1 / n, 0.08);
    assertEquals(1 - Math.pow(0.5, 8), s8 / n, 0.01);
  }

  @Test
  void tiesGoToTheFirstSampleAndNonFiniteRewardsAreRefused() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    BestOfNSelector.Selection s =
        BestOfNSelector.builder(policy, (p, c) -> 1.0).n(5).build().select(PoliteWorld.prompt(1), new SplittableRandom(1));
    assertEquals(0, s.bestIndex());
    RewardModel nan = (p, c) -> Double.NaN;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BestOfNSelector.builder(policy, nan).n(2).build().select(PoliteWorld.prompt(1), new SplittableRandom(1)));
    assertTrue(e.getMessage().startsWith("reward of sample 0 (\"q1 "), e.getMessage());
  }

  @Test
  void rejectionSamplingFineTuningRaisesTheReward(@TempDir Path dir) throws Exception {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    List<Prompt> heldOut = PoliteWorld.prompts(1000, 1040);
    double before = PoliteWorld.expectedReward(policy, heldOut);
    RejectionSamplingOptimizer raft =
        RejectionSamplingOptimizer.builder(policy, PoliteWorld.REWARD)
            .n(4)
            .schedule(LearningRateSchedule.constant(0.1))
            .seed(9)
            .build();
    StepMetrics m = null;
    for (int s = 0; s < 40; s++) {
      m = raft.step(PoliteWorld.prompts(8 * s % 200, 8 * s % 200 + 8));
    }
    double after = PoliteWorld.expectedReward(policy, heldOut);
    assertEquals(0.5, before, 1e-12);
    assertTrue(after > 0.9, "expected reward after RAFT " + after);
    assertTrue(m.get("reward") >= m.get("reward/mean"));
    // a threshold nothing reaches: no update, accepted = 0
    RejectionSamplingOptimizer strict =
        RejectionSamplingOptimizer.builder(policy, PoliteWorld.REWARD).minReward(2.0).build();
    double[] theta = policy.parameters();
    StepMetrics none = strict.step(PoliteWorld.prompts(0, 4));
    assertEquals(0.0, none.get("accepted"));
    assertEquals(0, strict.stepCount());
    assertArrayEquals(theta, policy.parameters(), 0.0);
  }

  @Test
  void rejectionSamplingResumesTheSameTrajectory(@TempDir Path dir) throws Exception {
    LogLinearPolicy a = PoliteWorld.policyBuilder().build();
    LogLinearPolicy b = PoliteWorld.policyBuilder().build();
    RejectionSamplingOptimizer ra = build(a);
    for (int s = 0; s < 3; s++) {
      ra.step(PoliteWorld.prompts(4 * s, 4 * s + 4));
    }
    Path ckpt = dir.resolve("raft.ckpt");
    ra.saveCheckpoint(ckpt);
    for (int s = 3; s < 6; s++) {
      ra.step(PoliteWorld.prompts(4 * s, 4 * s + 4));
    }
    RejectionSamplingOptimizer rb = build(b);
    rb.restoreCheckpoint(ckpt);
    for (int s = 3; s < 6; s++) {
      rb.step(PoliteWorld.prompts(4 * s, 4 * s + 4));
    }
    assertArrayEquals(a.parameters(), b.parameters(), 0.0);
  }

  private static RejectionSamplingOptimizer build(LogLinearPolicy p) {
    return RejectionSamplingOptimizer.builder(p, PoliteWorld.REWARD)
        .n(3)
        .schedule(LearningRateSchedule.constant(0.2))
        .seed(5)
        .build();
  }
}
