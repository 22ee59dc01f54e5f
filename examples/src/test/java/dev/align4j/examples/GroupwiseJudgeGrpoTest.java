package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.StepMetrics;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.Algorithm;
import dev.align4j.policies.LogLinearPolicy;
import dev.align4j.rewards.llm.GroupwiseJudgeReward;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * End to end: GRPO trains a reply selector with a {@link GroupwiseJudgeReward} as its only reward, on a simulated
 * judge, and the held-out gold quantity (the probability of the right answer, which the policy never sees) rises.
 *
 * <p>The simulated judge reads the candidates back from the rendered prompt and scores each on [0, 1]: 0.75 for the
 * right answer, 0.25 for the wrong one, minus 0.05 per sentence of filler, plus Gaussian noise (σ = 0.15), plus a
 * position bias of +0.2 for whichever answer is shown first (cancelled by the judge's rotated orders), clamped to
 * [0, 1]. One call in 20 answers with an unreadable text: the group abstains and GRPO leaves it out of the step.
 */
class GroupwiseJudgeGrpoTest {
  private static final Pattern ANSWER =
      Pattern.compile("\\[Answer (\\d+)]\\n(.*?)\\n\\[End of answer \\1]", Pattern.DOTALL);

  /** The simulated judge; seeded, so a run is reproducible. */
  static ChatModel simulatedJudge(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return request -> {
      String prompt = request.messages().get(0).content();
      List<String> shown = new ArrayList<>();
      Matcher m = ANSWER.matcher(prompt);
      while (m.find()) {
        shown.add(m.group(2));
      }
      synchronized (random) {
        if (random.nextDouble() < 0.05) {
          return ChatResponse.ofText("These answers are hard to compare; I will not score them.");
        }
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < shown.size(); p++) {
          Completion c = Completion.of(shown.get(p));
          double q =
              (RewardHackingExample.right(c) == 1 ? 0.75 : 0.25)
                  - 0.05 * RewardHackingExample.filler(c)
                  + 0.15 * random.nextGaussian()
                  + (p == 0 ? 0.2 : 0.0);
          double score = Math.max(0, Math.min(1, q));
          sb.append(String.format(Locale.ROOT, "Answer %d: [[%.3f]] reason%n", p + 1, score));
        }
        return ChatResponse.ofText(sb.toString());
      }
    };
  }

  /** The probability that the policy picks the right answer, over the held-out questions. */
  static double goldRightRate(LogLinearPolicy policy) {
    double s = 0;
    for (Prompt p : RewardHackingExample.HELD_OUT) {
      double[] dist = policy.distribution(p);
      List<Completion> c = policy.candidates(p);
      for (int i = 0; i < dist.length; i++) {
        s += dist[i] * RewardHackingExample.right(c.get(i));
      }
    }
    return s / RewardHackingExample.HELD_OUT.size();
  }

  @Test
  void grpoWithTheGroupwiseJudgeRaisesTheHeldOutGoldRate() {
    long start = System.nanoTime();
    LogLinearPolicy policy =
        LogLinearPolicy.builder()
            .dimension(4)
            .featurizer(RewardHackingExample::features)
            .candidates(RewardHackingExample::candidates)
            .build();
    GroupwiseJudgeReward judge =
        GroupwiseJudgeReward.builder(simulatedJudge(11)).random(new SplittableRandom(5)).build();
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, judge)
            .groupSize(4)
            .schedule(LearningRateSchedule.constant(0.15))
            .seed(2)
            .build();
    double before = goldRightRate(policy);
    double abstained = 0;
    int steps = 40;
    for (int s = 0; s < steps; s++) {
      StepMetrics m = o.step(RewardHackingExample.questions(8 * s, 8 * s + 8));
      abstained += m.get("num_reward_abstained");
    }
    double after = goldRightRate(policy);
    double seconds = (System.nanoTime() - start) / 1e9;
    String figures =
        String.format(
            Locale.ROOT,
            "gold right-answer rate %.3f -> %.3f after %d steps; %.0f of %d samples abstained; %.2f s",
            before,
            after,
            steps,
            abstained,
            steps * 32,
            seconds);
    assertEquals(0.5, before, 0.05, figures); // 6 of 12 candidates are right, near-uniform start
    assertTrue(after > before + 0.3, figures);
    assertTrue(
        abstained > 0, "the simulated judge's unreadable answers were abstentions: " + figures);
    assertTrue(seconds < 20, figures);
  }
}
