package dev.align4j.optimizers.optimizer.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.text.Prompt;
import dev.align4j.optimizers.kl.AdaptiveKlController;
import dev.align4j.optimizers.kl.FixedKlController;
import dev.align4j.optimizers.optimizer.PoliteWorld;
import dev.align4j.optimizers.optimizer.preference.PairwisePreferenceOptimizerTest;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.Algorithm;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.KlMode;
import dev.align4j.optimizers.policy.LearningRateSchedule;
import dev.align4j.optimizers.policy.LogLinearPolicy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyGradientOptimizerTest {
  static final List<Prompt> HELD_OUT = PoliteWorld.prompts(3000, 3050);

  static double train(PolicyGradientOptimizer o, int steps, int batch) {
    StepMetrics m = null;
    for (int s = 0; s < steps; s++) {
      m = o.step(PoliteWorld.prompts(batch * s % 400, batch * s % 400 + batch));
    }
    return m.get("reward");
  }

  @Test
  void grpoRloAndReinforcePlusPlusRaiseTheHeldOutReward() {
    for (Algorithm a : List.of(Algorithm.GRPO, Algorithm.RLOO, Algorithm.REINFORCE_PLUS_PLUS)) {
      LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
      PolicyGradientOptimizer o =
          PolicyGradientOptimizer.builder(a, policy, PoliteWorld.REWARD)
              .groupSize(4)
              .schedule(LearningRateSchedule.constant(0.1))
              .build();
      double before = PoliteWorld.expectedReward(policy, HELD_OUT);
      train(o, 30, 8);
      double after = PoliteWorld.expectedReward(policy, HELD_OUT);
      assertEquals(0.5, before, 1e-12);
      assertTrue(after > 0.9, a + " held-out reward " + after);
    }
  }

  @Test
  void ppoWithAnAdaptiveKlControllerRaisesRewardAndKeepsKlBelowTarget() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    Policy reference = policy.frozenCopy();
    double target = 0.3;
    AdaptiveKlController kl =
        AdaptiveKlController.builder().initialCoefficient(1.0).target(target).horizon(50).build();
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.PPO, policy, PoliteWorld.REWARD)
            .reference(reference)
            .klController(kl)
            .groupSize(2)
            .schedule(LearningRateSchedule.constant(0.02))
            .build();
    StepMetrics m = null;
    for (int s = 0; s < 60; s++) {
      m = o.step(PoliteWorld.prompts(8 * s, 8 * s + 8));
    }
    double reward = PoliteWorld.expectedReward(policy, HELD_OUT);
    double exactKl = PoliteWorld.exactKl(policy, reference, HELD_OUT);
    assertTrue(reward > 0.6, "PPO held-out reward (0.5 before) " + reward + ", exact KL " + exactKl + ", beta " + kl.coefficient());
    assertTrue(exactKl < target, "exact KL " + exactKl + " target " + target + ", beta " + kl.coefficient() + ", reward " + reward);
    assertTrue(kl.coefficient() < 1.0, "the controller lowered beta while KL was under target: " + kl.coefficient());
    assertTrue(m.values().keySet().containsAll(List.of("loss", "reward", "kl", "kl_coef", "loss/value_avg")),
        m.values().keySet().toString());
    assertEquals(kl.coefficient(), o.klController().coefficient());
    assertTrue(policy.valueHeadParameters()[PoliteWorld.DIMENSION] != 0, "the value head was trained");
  }

  @Test
  void klAsALossTermHoldsThePolicyCloserToTheReference() {
    double[] kls = new double[2];
    for (int i = 0; i < 2; i++) {
      LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
      Policy reference = policy.frozenCopy();
      PolicyGradientOptimizer o =
          PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, PoliteWorld.REWARD)
              .reference(reference)
              .klMode(KlMode.LOSS_TERM)
              .klController(new FixedKlController(i == 0 ? 0.0 : 2.0))
              .groupSize(4)
              .schedule(LearningRateSchedule.constant(0.1))
              .build();
      train(o, 30, 8);
      kls[i] = PoliteWorld.exactKl(policy, reference, HELD_OUT);
    }
    assertTrue(kls[1] < 0.7 * kls[0], "KL without penalty " + kls[0] + ", with β=2 " + kls[1]);
  }

  @Test
  void resumingGivesTheSameTrajectory(@TempDir Path dir) throws Exception {
    LogLinearPolicy a = PoliteWorld.policyBuilder().build();
    LogLinearPolicy b = PoliteWorld.policyBuilder().build();
    PolicyGradientOptimizer oa = ppo(a);
    for (int s = 0; s < 3; s++) {
      oa.step(PoliteWorld.prompts(4 * s, 4 * s + 4));
    }
    Path ckpt = dir.resolve("ppo.ckpt");
    oa.saveCheckpoint(ckpt);
    for (int s = 3; s < 6; s++) {
      oa.step(PoliteWorld.prompts(4 * s, 4 * s + 4));
    }
    PolicyGradientOptimizer ob = ppo(b);
    ob.restoreCheckpoint(ckpt);
    assertEquals(6, ob.stepCount(), "3 rollouts × 2 epochs");
    for (int s = 3; s < 6; s++) {
      ob.step(PoliteWorld.prompts(4 * s, 4 * s + 4));
    }
    assertArrayEquals(a.parameters(), b.parameters(), 0.0);
    assertArrayEquals(a.valueHeadParameters(), b.valueHeadParameters(), 0.0);
    assertEquals(oa.klController().coefficient(), ob.klController().coefficient(), 0.0);
  }

  private static PolicyGradientOptimizer ppo(LogLinearPolicy p) {
    return PolicyGradientOptimizer.builder(Algorithm.PPO, p, PoliteWorld.REWARD)
        .klController(AdaptiveKlController.builder().target(0.1).horizon(100).build())
        .epochs(2)
        .schedule(LearningRateSchedule.constant(0.05))
        .seed(3)
        .build();
  }

  @Test
  void aNonFiniteObjectiveStopsTheStepAndLeavesEverythingUnchanged() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().initialParameters(new double[] {0.2, 0.1, 0, -0.1}).build();
    dev.align4j.optimizers.objective.PolicyGradientObjective broken =
        batch -> new dev.align4j.optimizers.objective.PolicyGradientResult(
            Double.POSITIVE_INFINITY, new double[batch.sequenceCount()], new double[batch.tokenCount()], null,
            java.util.Map.of());
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, PoliteWorld.REWARD).objective(broken).groupSize(2)
            .build();
    dev.align4j.optimizers.optimizer.NonFiniteLossException e =
        assertThrows(
            dev.align4j.optimizers.optimizer.NonFiniteLossException.class, () -> o.step(PoliteWorld.prompts(5, 7)));
    assertEquals(
        "step 1 failed on batch #1 (2 prompts, first prompt \"q5\"): loss is Infinity; parameters were left unchanged",
        e.getMessage());
    assertArrayEquals(new double[] {0.2, 0.1, 0, -0.1}, policy.parameters(), 0.0);
    assertEquals(0, policy.stepCount());
  }

  @Test
  void badInputIsNamed() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PolicyGradientOptimizer.builder(Algorithm.PPO, new PairwisePreferenceOptimizerTest.NonMixingPolicyAccess().policy(), PoliteWorld.REWARD).build());
    assertTrue(e.getMessage().startsWith("PPO needs a ValueHeadPolicy"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, PoliteWorld.REWARD).groupSize(1).build());
    assertEquals(
        "groupSize must be >= 2 for GRPO (the baseline needs other samples of the prompt), was 1", e.getMessage());
    RewardModel nan = (p, c) -> Double.NaN;
    PolicyGradientOptimizer o = PolicyGradientOptimizer.builder(Algorithm.RLOO, policy, nan).build();
    e = assertThrows(IllegalArgumentException.class, () -> o.step(PoliteWorld.prompts(0, 2)));
    assertTrue(e.getMessage().startsWith("reward of prompts[0] sample 0 (\"q0 "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> o.step(List.of(Prompt.of(" "))));
    assertEquals("prompts[0] must not be empty, its text was \" \"", e.getMessage());
    assertEquals(0, o.stepCount());
    assertArrayEquals(new double[PoliteWorld.DIMENSION], policy.parameters(), 0.0);
  }
}
