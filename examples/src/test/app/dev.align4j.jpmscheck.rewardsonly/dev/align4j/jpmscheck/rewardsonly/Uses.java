package dev.align4j.jpmscheck.rewardsonly;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.rule.Rules;

/** Names types of {@code dev.align4j.rewards} and of the modules its API exposes. */
public final class Uses {
  private Uses() {}

  /**
   * Uses the API.
   *
   * @return a value, so that nothing is dead code
   */
  public static Object use() {
    RewardModel nonEmpty = Rules.nonEmpty();
    return nonEmpty.score(Prompt.of("hi"), Completion.of("hello"));
  }
}
