package dev.align4j.rewards.server;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * One item to score: a prompt and the completion that answers it, as the server hands them to the reward model.
 *
 * @param prompt the prompt
 * @param completion the completion
 */
public record RewardInput(Prompt prompt, Completion completion) {
  /** Rejects null parts. */
  public RewardInput {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
  }
}
