package dev.align4j.rewards.eval;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * One RewardBench-style test pair: a prompt, the completion that should score higher and the one that should score
 * lower, and the subset (category) it belongs to.
 *
 * @param prompt the prompt
 * @param chosen the better completion
 * @param rejected the worse completion (different text)
 * @param category the subset name, e.g. {@code "alpacaeval-easy"}
 */
public record PreferenceCase(Prompt prompt, Completion chosen, Completion rejected, String category) {
  /** Validates. */
  public PreferenceCase {
    Require.nonNull("prompt", prompt);
    Require.nonNull("chosen", chosen);
    Require.nonNull("rejected", rejected);
    Require.nonBlank("category", category);
    Require.argument(!chosen.text().equals(rejected.text()),
        "chosen and rejected must differ, both were \"%s\"", Require.abbreviate(chosen.text(), 40));
  }
}
