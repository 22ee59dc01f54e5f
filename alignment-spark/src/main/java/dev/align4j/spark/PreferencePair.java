package dev.align4j.spark;

import dev.align4j.core.check.Require;
import dev.align4j.core.data.PreferenceExample;

/**
 * A chosen and a rejected completion of one prompt, with their scores.
 *
 * @param prompt the prompt's text (the user turn)
 * @param chosen the higher-scored completion
 * @param rejected the lower-scored completion
 * @param chosenScore the chosen completion's reward
 * @param rejectedScore the rejected completion's reward
 */
public record PreferencePair(
    String prompt, String chosen, String rejected, double chosenScore, double rejectedScore) {
  /** Validates the fields. */
  public PreferencePair {
    Require.nonNull("prompt", prompt);
    Require.nonNull("chosen", chosen);
    Require.nonNull("rejected", rejected);
    Require.finite("chosenScore", chosenScore);
    Require.finite("rejectedScore", rejectedScore);
  }

  /** The pair as a training example (what the JSONL writers take). */
  public PreferenceExample example() {
    return PreferenceExample.of(prompt, chosen, rejected);
  }

  /** {@link ContentHash} of (prompt, chosen, rejected): the pair's id. */
  public String id() {
    return ContentHash.of(prompt, chosen, rejected);
  }
}
