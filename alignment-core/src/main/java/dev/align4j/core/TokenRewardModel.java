package dev.align4j.core;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * A token-level (dense) reward: one score per completion token, whose sum is the response-level reward. Implicit
 * rewards of DPO-trained policies ({@code β·log π(y_t|…)/π_ref(y_t|…)} per token) and process rewards are of this kind.
 */
public interface TokenRewardModel extends RewardModel {

  /** One reward per completion token, in order. */
  double[] tokenScores(Prompt prompt, Completion completion);

  /** The response-level reward: the sum of the token rewards. */
  @Override
  default double score(Prompt prompt, Completion completion) {
    double s = 0;
    for (double v : tokenScores(prompt, completion)) {
      s += v;
    }
    return s;
  }
}
