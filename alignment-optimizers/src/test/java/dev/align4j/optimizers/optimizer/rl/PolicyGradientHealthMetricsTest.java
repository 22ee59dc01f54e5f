package dev.align4j.optimizers.optimizer.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.align4j.core.RewardModel;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.optimizer.PoliteWorld;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.Algorithm;
import dev.align4j.policies.LogLinearPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The training-health metrics of {@link PolicyGradientOptimizer}, recomputed from the samples it scored. */
class PolicyGradientHealthMetricsTest {

  @Test
  void theHealthMetricsDescribeTheRollout() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    List<Completion> scored = new ArrayList<>();
    // even prompts: every reply scores 0.5 (a zero-std group); odd prompts: the polite rule
    RewardModel reward =
        (p, c) -> {
          scored.add(c);
          return Integer.parseInt(p.text().substring(1)) % 2 == 0
              ? 0.5
              : (PoliteWorld.isPolite(c) ? 1.0 : 0.0);
        };
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, reward)
            .groupSize(4)
            .schedule(LearningRateSchedule.constant(0.1))
            .rewardComponents(
                (p, c) ->
                    Map.of(
                        "polite",
                        PoliteWorld.isPolite(c) ? 1.0 : 0.0,
                        "bonus",
                        c.text().length() * 0.01))
            .build();
    List<Prompt> prompts = PoliteWorld.prompts(0, 6);
    StepMetrics m = o.step(prompts);

    // step 1: π is uniform over the 6 candidates and the reference is π itself: entropy = ln 6
    // (numpy: np.log(6)),
    // k3 = 0
    assertEquals(1.791759469228055, m.get("entropy"), 1e-12);
    assertEquals(0.0, m.get("kl/k3"), 1e-15);
    assertEquals(1.0, m.get("completions/mean_length"), 0.0);

    int zero = 0;
    double chars = 0;
    for (int g = 0; g < 6; g++) {
      List<Completion> group = scored.subList(4 * g, 4 * g + 4);
      boolean allSame = true;
      for (Completion c : group) {
        allSame &= g % 2 == 0 || PoliteWorld.isPolite(c) == PoliteWorld.isPolite(group.get(0));
        chars += c.text().length();
      }
      zero += allSame ? 1 : 0;
    }
    assertEquals(zero / 6.0, m.get("frac_reward_zero_std"), 0.0);
    assertEquals(chars / 24, m.get("completions/mean_characters"), 1e-12);

    Map<String, double[]> comps = new LinkedHashMap<>();
    comps.put("polite", new double[24]);
    comps.put("bonus", new double[24]);
    for (int i = 0; i < 24; i++) {
      comps.get("polite")[i] = PoliteWorld.isPolite(scored.get(i)) ? 1.0 : 0.0;
      comps.get("bonus")[i] = scored.get(i).text().length() * 0.01;
    }
    Map<String, Double> shares = RolloutStatistics.varianceShares(comps);
    assertEquals(shares.get("polite"), m.get("rewards/polite/variance_share"), 1e-12);
    assertEquals(shares.get("bonus"), m.get("rewards/bonus/variance_share"), 1e-12);
    double politeMean = 0;
    for (double v : comps.get("polite")) {
      politeMean += v / 24;
    }
    assertEquals(politeMean, m.get("rewards/polite/mean"), 1e-12);
  }

  @Test
  void entropyIsThePolicysExactEntropyWhereItCanComputeIt() {
    LogLinearPolicy policy =
        PoliteWorld.policyBuilder().initialParameters(new double[] {1.5, -0.7, 0.4, 0.9}).build();
    List<Prompt> prompts = PoliteWorld.prompts(0, 5);
    // before the step: H(x) = -sum_i p_i ln p_i over the 6 candidates, by hand from the
    // distribution
    double exact = 0;
    for (Prompt p : prompts) {
      for (double q : policy.distribution(p)) {
        exact -= q * Math.log(q) / prompts.size();
      }
    }
    List<Double> sampledLogProbs = new ArrayList<>();
    RewardModel reward =
        (p, c) -> {
          sampledLogProbs.add(policy.logProbs(p, c).sum());
          return PoliteWorld.isPolite(c) ? 1.0 : 0.0;
        };
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, reward)
            .groupSize(4)
            .schedule(LearningRateSchedule.constant(0.1))
            .build();
    StepMetrics m =
        o.step(
            prompts); // every prompt has 4 one-token samples: the token mean is the prompts' mean
    assertEquals(exact, m.get("entropy"), 1e-12);
    double sampled = 0;
    for (double lp : sampledLogProbs) {
      sampled -= lp / sampledLogProbs.size();
    }
    assertEquals(sampled, m.get("entropy/sampled"), 1e-12);
    assertNotEquals(m.get("entropy"), m.get("entropy/sampled"), 1e-6);
  }

  @Test
  void groupsOfOneHaveNoZeroStdFraction() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.REINFORCE_PLUS_PLUS, policy, PoliteWorld.REWARD)
            .schedule(LearningRateSchedule.constant(0.1))
            .build();
    StepMetrics m = o.step(PoliteWorld.prompts(0, 4));
    assertFalse(m.values().containsKey("frac_reward_zero_std"));
    assertFalse(m.values().containsKey("rewards/polite/variance_share"));
  }
}
