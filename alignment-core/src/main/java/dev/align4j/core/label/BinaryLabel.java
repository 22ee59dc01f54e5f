package dev.align4j.core.label;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * A binary (thumbs up / thumbs down) label: the input of KTO, BCO and binary reward models.
 *
 * @param prompt the prompt
 * @param completion the labelled completion
 * @param desirable true for a desirable (thumbs-up) completion
 * @param provenance who labelled it
 */
public record BinaryLabel(Prompt prompt, Completion completion, boolean desirable, Provenance provenance)
    implements Feedback {

  /** Validates that nothing is null. */
  public BinaryLabel {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    Require.nonNull("provenance", provenance);
  }
}
