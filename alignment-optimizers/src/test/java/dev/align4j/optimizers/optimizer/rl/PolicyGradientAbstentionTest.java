package dev.align4j.optimizers.optimizer.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.AbstainingRewardModel;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.kl.FixedKlController;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss;
import dev.align4j.optimizers.objective.policygradient.RlooLoss;
import dev.align4j.optimizers.optimizer.PoliteWorld;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.Algorithm;
import dev.align4j.policies.LogLinearPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A reward model's abstentions in GRPO and RLOO: left out of the group baselines and the loss, counted in the
 * metrics. The expected advantages are recomputed here from the recorded rewards with the papers' formulas over the
 * scored members of each group (GRPO: (r − mean)/(std(n − 1) + 1e-4); RLOO: r − mean of the other scored members).
 */
class PolicyGradientAbstentionTest {
  private static final int G = 4;

  /** Polite 1, rude 0; abstains where {@code abstain} holds (its stand-in score would be 0). */
  private static final class Verifying implements AbstainingRewardModel {
    final Predicate<Completion> abstain;
    final List<Completion> seen = new ArrayList<>();
    final List<Double> given = new ArrayList<>();

    Verifying(Predicate<Completion> abstain) {
      this.abstain = abstain;
    }

    @Override
    public synchronized double scoreOrAbstain(Prompt prompt, Completion completion) {
      double v =
          abstain.test(completion) ? ABSTAINED : (PoliteWorld.isPolite(completion) ? 1.0 : 0.0);
      seen.add(completion);
      given.add(v);
      return v;
    }

    @Override
    public double score(Prompt prompt, Completion completion) {
      double v = scoreOrAbstain(prompt, completion);
      return Double.isNaN(v) ? 0.0 : v;
    }
  }

  /** Records the batches the optimiser hands to {@code inner}. */
  private static final class Recording implements PolicyGradientObjective {
    final PolicyGradientObjective inner;
    final List<PolicyGradientBatch> batches = new ArrayList<>();

    Recording(PolicyGradientObjective inner) {
      this.inner = inner;
    }

    @Override
    public PolicyGradientResult evaluate(PolicyGradientBatch batch) {
      batches.add(batch);
      return inner.evaluate(batch);
    }
  }

  private static double[] sequenceAdvantages(PolicyGradientBatch b) {
    double[] out = new double[b.sequenceCount()];
    int[] off = b.offsets();
    for (int i = 0; i < out.length; i++) {
      out[i] = b.advantages()[off[i]];
    }
    return out;
  }

  private static double[] expectedGrpo(List<Double> rewards) {
    List<Double> out = new ArrayList<>();
    for (int g = 0; g < rewards.size() / G; g++) {
      List<Double> s = new ArrayList<>();
      for (int j = g * G; j < (g + 1) * G; j++) {
        if (!Double.isNaN(rewards.get(j))) {
          s.add(rewards.get(j));
        }
      }
      double mean = s.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      double ss = s.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
      boolean constant = s.stream().distinct().count() <= 1;
      double std = s.size() < 2 ? 0 : Math.sqrt(ss / (s.size() - 1));
      for (double v : s) {
        out.add(constant ? 0.0 : (v - mean) / (std + 1e-4));
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void grpoLeavesAbstentionsOutOfTheBaselineAndTheLoss() {
    // reply 2 (polite or rude) cannot be scored
    Verifying reward = new Verifying(c -> c.text().endsWith("reply 2"));
    Recording objective = new Recording(GrpoLoss.builder().build());
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, reward)
            .groupSize(G)
            .objective(objective)
            .schedule(LearningRateSchedule.constant(0.1))
            .seed(3)
            .build();
    StepMetrics m = o.step(PoliteWorld.prompts(0, 8));

    List<Double> rewards = reward.given;
    assertEquals(8 * G, rewards.size());
    long abstained = rewards.stream().filter(v -> Double.isNaN(v)).count();
    assertTrue(abstained > 0 && abstained < rewards.size(), "the seed must give some abstentions");
    PolicyGradientBatch batch = objective.batches.get(0);
    assertEquals(8 * G - abstained, batch.sequenceCount());
    double[] expected = expectedGrpo(rewards);
    double[] actual = sequenceAdvantages(batch);
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-12, "advantage of scored sample " + i);
    }
    assertEquals((double) abstained, m.get("num_reward_abstained"), 0.0);
    assertEquals(abstained / (8.0 * G), m.get("frac_reward_abstained"), 1e-15);
    double scoredMean =
        rewards.stream()
            .filter(v -> !Double.isNaN(v))
            .mapToDouble(Double::doubleValue)
            .average()
            .orElseThrow();
    assertEquals(scoredMean, m.get("reward"), 1e-12);
  }

  @Test
  void aSeparateSamplersLogProbsFollowTheScoredSamplesOut() {
    // the sampler is a frozen copy of the trained policy, so its per-token log-probabilities of
    // the kept samples must equal the batch's π_old token for token, abstained samples removed
    Verifying reward = new Verifying(c -> c.text().endsWith("reply 2"));
    Recording objective = new Recording(GrpoLoss.builder().build());
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, reward)
            .groupSize(G)
            .objective(objective)
            .sampler(PoliteWorld.policyBuilder().build())
            .schedule(LearningRateSchedule.constant(0.1))
            .seed(3)
            .build();
    StepMetrics m = o.step(PoliteWorld.prompts(0, 8));
    long abstained = reward.given.stream().filter(v -> Double.isNaN(v)).count();
    assertTrue(abstained > 0, "the seed must give some abstentions");
    PolicyGradientBatch batch = objective.batches.get(0);
    assertEquals(8 * G - abstained, batch.sequenceCount());
    double[] sampler = batch.samplerLogProbs();
    assertTrue(sampler != null, "the batch must carry the sampler's log-probabilities");
    assertEquals(batch.oldLogProbs().length, sampler.length);
    for (int t = 0; t < sampler.length; t++) {
      assertEquals(batch.oldLogProbs()[t], sampler[t], 1e-12, "token " + t);
    }
    assertEquals(0.0, m.get("sampling/sampling_logp_difference/mean"), 1e-12);
  }

  @Test
  void rlooLeavesAbstentionsOutOfTheLeaveOneOutBaseline() {
    Verifying reward = new Verifying(c -> c.text().endsWith("reply 1"));
    Recording objective = new Recording(RlooLoss.builder().build());
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.RLOO, PoliteWorld.policyBuilder().build(), reward)
            .groupSize(G)
            .objective(objective)
            .klController(new FixedKlController(0.0))
            .schedule(LearningRateSchedule.constant(0.1))
            .seed(5)
            .build();
    o.step(PoliteWorld.prompts(0, 8));
    List<Double> rewards = reward.given;
    List<Double> expected = new ArrayList<>();
    for (int g = 0; g < 8; g++) {
      List<Double> s = new ArrayList<>();
      for (int j = g * G; j < (g + 1) * G; j++) {
        if (!Double.isNaN(rewards.get(j))) {
          s.add(rewards.get(j));
        }
      }
      double sum = s.stream().mapToDouble(Double::doubleValue).sum();
      for (double v : s) {
        expected.add(s.size() < 2 ? 0.0 : v - (sum - v) / (s.size() - 1));
      }
    }
    double[] actual = sequenceAdvantages(objective.batches.get(0));
    assertEquals(expected.size(), actual.length);
    for (int i = 0; i < actual.length; i++) {
      assertEquals(expected.get(i), actual[i], 1e-12, "advantage of scored sample " + i);
    }
  }

  @Test
  void aGroupThatAbstainsEntirelyContributesNothing() {
    // every completion of q1 is unscorable
    Verifying reward = new Verifying(c -> c.text().startsWith("q1 "));
    Recording objective = new Recording(GrpoLoss.builder().build());
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, PoliteWorld.policyBuilder().build(), reward)
            .groupSize(G)
            .objective(objective)
            .schedule(LearningRateSchedule.constant(0.1))
            .build();
    StepMetrics m = o.step(PoliteWorld.prompts(0, 4));
    assertEquals(0.25, m.get("frac_groups_all_abstained"), 0.0);
    assertEquals(0.25, m.get("frac_reward_abstained"), 0.0);
    assertEquals(3 * G, objective.batches.get(0).sequenceCount());
    for (Completion c : reward.seen) {
      assertTrue(
          c.text().startsWith("q1 ") == Double.isNaN(reward.given.get(reward.seen.indexOf(c))));
    }
  }

  @Test
  void aBatchThatAbstainsEntirelyIsAZeroGradientStep() {
    Verifying reward = new Verifying(c -> true);
    Recording objective = new Recording(GrpoLoss.builder().build());
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    double before = PoliteWorld.expectedReward(policy, PoliteWorld.prompts(0, 4));
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, reward)
            .groupSize(G)
            .objective(objective)
            .schedule(LearningRateSchedule.constant(0.1))
            .build();
    StepMetrics m = o.step(PoliteWorld.prompts(0, 4));
    assertEquals(0.0, m.get("loss"), 0.0);
    assertEquals(0.0, m.get("grad_norm"), 0.0);
    assertEquals(1.0, m.get("frac_reward_abstained"), 0.0);
    assertEquals(1.0, m.get("frac_groups_all_abstained"), 0.0);
    assertFalse(m.values().containsKey("reward"));
    assertTrue(objective.batches.isEmpty(), "the objective sees no batch");
    assertEquals(before, PoliteWorld.expectedReward(policy, PoliteWorld.prompts(0, 4)), 1e-12);
  }

  @Test
  void withoutAbstentionsTheStepIsUnchanged() {
    Verifying reward = new Verifying(c -> false);
    PolicyGradientOptimizer masked =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, PoliteWorld.policyBuilder().build(), reward)
            .groupSize(G)
            .schedule(LearningRateSchedule.constant(0.1))
            .build();
    PolicyGradientOptimizer plain =
        PolicyGradientOptimizer.builder(
                Algorithm.GRPO, PoliteWorld.policyBuilder().build(), PoliteWorld.REWARD)
            .groupSize(G)
            .schedule(LearningRateSchedule.constant(0.1))
            .build();
    StepMetrics a = masked.step(PoliteWorld.prompts(0, 4));
    StepMetrics b = plain.step(PoliteWorld.prompts(0, 4));
    assertEquals(b.get("loss"), a.get("loss"), 0.0);
    assertEquals(b.get("grad_norm"), a.get("grad_norm"), 0.0);
    assertEquals(0.0, a.get("num_reward_abstained"), 0.0);
  }
}
