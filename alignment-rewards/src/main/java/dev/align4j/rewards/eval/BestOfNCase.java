package dev.align4j.rewards.eval;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;

/**
 * One RewardBench 2 best-of-n case: one correct completion and n − 1 incorrect ones (n = 4 in RewardBench 2).
 *
 * @param prompt the prompt
 * @param correct the correct completion
 * @param incorrect at least one incorrect completion; copied
 * @param category the subset name
 */
public record BestOfNCase(Prompt prompt, Completion correct, List<Completion> incorrect, String category) {
  /** Validates and copies. */
  public BestOfNCase {
    Require.nonNull("prompt", prompt);
    Require.nonNull("correct", correct);
    incorrect = List.copyOf(Require.nonEmpty("incorrect", incorrect));
    Require.nonBlank("category", category);
  }
}
