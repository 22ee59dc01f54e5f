package dev.align4j.core.data;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * One row of a paired preference dataset: a prompt, the chosen and the rejected completion. This is what the TRL
 * preference, OpenAI DPO and HH-RLHF formats all hold.
 *
 * @param prompt the prompt (single- or multi-turn)
 * @param chosen the preferred completion
 * @param rejected the dispreferred completion
 */
public record PreferenceExample(Prompt prompt, Completion chosen, Completion rejected) {
  /** Validates that nothing is null. */
  public PreferenceExample {
    Require.nonNull("prompt", prompt);
    Require.nonNull("chosen", chosen);
    Require.nonNull("rejected", rejected);
  }

  /** A single-turn example from plain strings. */
  public static PreferenceExample of(String prompt, String chosen, String rejected) {
    return new PreferenceExample(Prompt.of(prompt), Completion.of(chosen), Completion.of(rejected));
  }

  /**
   * The example of a decisive comparison (chosen = the winner). What is lost: the soft probability, the strength,
   * the presentation order and the provenance.
   *
   * @throws IllegalArgumentException when the comparison is a tie or both-bad (it has no chosen completion)
   */
  public static PreferenceExample from(PairwiseComparison comparison) {
    Require.nonNull("comparison", comparison);
    Require.argument(
        comparison.isDecisive(),
        "comparison must have outcome A or B to become a preference example, was %s",
        comparison.outcome());
    return new PreferenceExample(comparison.prompt(), comparison.chosen(), comparison.rejected());
  }

  /** This example as a hard comparison with A = chosen, labelled by {@code provenance}. */
  public PairwiseComparison toComparison(Provenance provenance) {
    return PairwiseComparison.preferring(prompt, chosen, rejected, provenance);
  }
}
