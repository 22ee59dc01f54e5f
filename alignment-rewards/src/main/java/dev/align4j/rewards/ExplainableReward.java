package dev.align4j.rewards;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * A reward model that can say how its score came about: the total and the value of each named component. Composite
 * and gated rewards implement it so that a training log can show <em>why</em> a completion scored what it did.
 */
public interface ExplainableReward extends RewardModel {

  /** The score with its per-component breakdown; {@code explain(p, c).total() == score(p, c)}. */
  RewardBreakdown explain(Prompt prompt, Completion completion);

  @Override
  default double score(Prompt prompt, Completion completion) {
    return explain(prompt, completion).total();
  }
}
