package dev.align4j.rewards.rule;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.ExplainableReward;
import dev.align4j.rewards.RewardBreakdown;
import dev.align4j.rewards.verify.Verdict;
import dev.align4j.rewards.verify.Verifier;

/**
 * The one home of what a reward composed of other rewards ({@link CompositeReward}, {@link GatedReward}) answers:
 * {@code explain}, {@code verify} and {@code score} all come from one {@link ComponentEvaluation}, so the score, the
 * breakdown and the verdict of a composed reward never disagree.
 */
abstract class ComposedReward implements ExplainableReward, Verifier {

  /** Evaluates every component once, keeping the breakdown and the first abstention. */
  abstract ComponentEvaluation evaluate(Prompt prompt, Completion completion);

  @Override
  public final RewardBreakdown explain(Prompt prompt, Completion completion) {
    ComponentEvaluation e = evaluate(prompt, completion);
    return new RewardBreakdown(e.total(), e.parts());
  }

  @Override
  public final Verdict verify(Prompt prompt, Completion completion) {
    return evaluate(prompt, completion).verdict();
  }

  /** {@code explain(prompt, completion).total()}: abstaining components count at their abstention score. */
  @Override
  public final double score(Prompt prompt, Completion completion) {
    return explain(prompt, completion).total();
  }
}
