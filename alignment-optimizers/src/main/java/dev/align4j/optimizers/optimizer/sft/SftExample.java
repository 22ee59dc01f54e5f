package dev.align4j.optimizers.optimizer.sft;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * One supervised example: a prompt and the completion the policy should learn to write (TRL's prompt-completion
 * format).
 *
 * @param prompt the prompt
 * @param completion the target completion
 */
public record SftExample(Prompt prompt, Completion completion) {
  /** Validates that neither is null. */
  public SftExample {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
  }

  /** A single-turn example from plain texts. */
  public static SftExample of(String prompt, String completion) {
    return new SftExample(Prompt.of(prompt), Completion.of(completion));
  }
}
