package dev.align4j.optimizers.monitor;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.optimizer.MetricsListener;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.Algorithm;
import dev.align4j.policies.LogLinearPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test fixture for the controlled runs: each prompt {@code "q<i>"} has 12 candidate answers, correct or wrong, with 0
 * to 5 chunks of padding. The gold reward is {@code correct − GOLD_PENALTY · padding/5} (people like correct, concise
 * answers); the length-biased proxy is {@code correct + PROXY_BIAS · padding/5}, a reward model that learnt "longer
 * looks better". Features: [correct, 0.4 · padding/5, two Gaussian nuisance features from the text]; the small scale of
 * the padding feature makes the policy learn correctness first and padding slowly, so the gold reward rises, peaks
 * and then falls as the proxy keeps rising (Gao et al.'s over-optimisation shape).
 */
final class VerbosityWorld {
  static final int DIMENSION = 4;
  static final int MAX_PADDING = 5;
  static final double GOLD_PENALTY = 1.0;
  static final double PROXY_BIAS = 0.5;
  static final double PADDING_FEATURE_SCALE = 0.4;
  static final String PADDING = " - more detail";
  static final RewardModel GOLD = (p, c) -> correct(c) - GOLD_PENALTY * padding(c) / MAX_PADDING;
  static final RewardModel LENGTH_BIASED_PROXY =
      (p, c) -> correct(c) + PROXY_BIAS * padding(c) / MAX_PADDING;
  static final List<Prompt> HELD_OUT = prompts(5000, 5040);

  private VerbosityWorld() {}

  static List<Prompt> prompts(int from, int to) {
    List<Prompt> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(Prompt.of("q" + i));
    }
    return out;
  }

  static List<Completion> candidates(Prompt p) {
    List<Completion> out = new ArrayList<>();
    for (int k = 0; k <= MAX_PADDING; k++) {
      out.add(Completion.of("A: correct." + PADDING.repeat(k)));
      out.add(Completion.of("A: wrong." + PADDING.repeat(k)));
    }
    return out;
  }

  static double correct(Completion c) {
    return c.text().startsWith("A: correct.") ? 1 : 0;
  }

  static int padding(Completion c) {
    int k = 0;
    int from = 0;
    while ((from = c.text().indexOf(PADDING, from)) >= 0) {
      k++;
      from += PADDING.length();
    }
    return k;
  }

  static double[] features(Prompt p, Completion c) {
    SplittableRandom r = new SplittableRandom((p.text() + "|" + c.text()).hashCode());
    return new double[] {
      correct(c),
      PADDING_FEATURE_SCALE * padding(c) / MAX_PADDING,
      r.nextGaussian(),
      r.nextGaussian()
    };
  }

  static LogLinearPolicy policy() {
    return LogLinearPolicy.builder()
        .dimension(DIMENSION)
        .featurizer(VerbosityWorld::features)
        .candidates(VerbosityWorld::candidates)
        .build();
  }

  /** The exact expected reward of {@code policy} under {@code reward} on the held-out prompts. */
  static double expected(LogLinearPolicy policy, RewardModel reward) {
    double s = 0;
    for (Prompt p : HELD_OUT) {
      double[] dist = policy.distribution(p);
      List<Completion> c = policy.candidates(p);
      for (int i = 0; i < dist.length; i++) {
        s += dist[i] * reward.score(p, c.get(i));
      }
    }
    return s / HELD_OUT.size();
  }

  /**
   * GRPO with groups of 8 and learning rate {@code rate} against {@code reward}, seeded; with {@code components} the
   * optimiser also reports the proxy's two components (correctness and the length bonus).
   */
  static PolicyGradientOptimizer grpo(
      LogLinearPolicy policy,
      RewardModel reward,
      LearningRateSchedule rate,
      long seed,
      MetricsListener listener,
      boolean components) {
    PolicyGradientOptimizer.Builder b =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, reward)
            .groupSize(8)
            .schedule(rate)
            .seed(seed)
            .listener(listener);
    if (components) {
      b.rewardComponents(
          (p, c) ->
              Map.of("correctness", correct(c), "length", PROXY_BIAS * padding(c) / MAX_PADDING));
    }
    return b.build();
  }

  /** The batch of step {@code s} (0-based): 8 prompts. */
  static List<Prompt> batch(int s) {
    return prompts(8 * s % 800, 8 * s % 800 + 8);
  }
}
