package dev.align4j.rewards.rule;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.ExplainableReward;
import dev.align4j.rewards.RewardBreakdown;
import dev.align4j.rewards.verify.Verdict;
import dev.align4j.rewards.verify.Verifier;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation of a component of a composed reward: its value (for an abstaining verifier, its abstention score, so
 * that {@code score} stays what it was), its sub-components, and the abstention if it abstained.
 */
record ComponentEvaluation(
    double total, Map<String, Double> parts, Verdict.@Nullable Abstained abstention) {

  /** Evaluates {@code reward} once, keeping both its breakdown and whether it abstained. */
  static ComponentEvaluation of(RewardModel reward, Prompt prompt, Completion completion) {
    if (reward instanceof ComposedReward) {
      return ((ComposedReward) reward).evaluate(prompt, completion);
    }
    if (reward instanceof Verifier) {
      Verifier v = (Verifier) reward;
      Verdict verdict = v.verify(prompt, completion);
      if (verdict instanceof Verdict.Abstained) {
        return new ComponentEvaluation(v.abstentionScore(), Map.of(), (Verdict.Abstained) verdict);
      }
      return new ComponentEvaluation(((Verdict.Scored) verdict).value(), Map.of(), null);
    }
    if (reward instanceof ExplainableReward) {
      RewardBreakdown b = ((ExplainableReward) reward).explain(prompt, completion);
      return new ComponentEvaluation(b.total(), b.components(), null);
    }
    return new ComponentEvaluation(reward.score(prompt, completion), Map.of(), null);
  }

  /** The verdict of a composed reward: its abstention (naming the component) when a component abstained. */
  Verdict verdict() {
    Verdict.Abstained a = abstention;
    return a == null ? Verdict.scored(total) : a;
  }
}
