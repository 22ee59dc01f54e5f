package dev.align4j.core.data;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * One row of an unpaired preference dataset (TRL's {@code prompt}/{@code completion}/{@code label}, the input of KTO
 * and BCO).
 *
 * @param prompt the prompt
 * @param completion the labelled completion
 * @param desirable the label: true for desirable
 */
public record UnpairedExample(Prompt prompt, Completion completion, boolean desirable) {
  /** Validates that nothing is null. */
  public UnpairedExample {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
  }

  /** The example as a binary label with {@code provenance}. */
  public BinaryLabel toLabel(Provenance provenance) {
    return new BinaryLabel(prompt, completion, desirable, provenance);
  }

  /** The example of a binary label (the provenance is lost). */
  public static UnpairedExample from(BinaryLabel label) {
    Require.nonNull("label", label);
    return new UnpairedExample(label.prompt(), label.completion(), label.desirable());
  }
}
