package dev.align4j.feedback.constitution;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * A supervised fine-tuning record from a {@link CritiqueRevisionLoop}: the prompt and the revised response the model
 * should learn to write (Constitutional AI's SL-CAI stage, Bai et al. 2022, §3; TRL's prompt-completion format).
 *
 * @param prompt the prompt
 * @param completion the revised response (the target)
 * @param provenance who revised, with the {@code principles} and {@code rounds} attributes
 */
public record SupervisedRevision(Prompt prompt, Completion completion, Provenance provenance) {
  /** Validates that no component is null. */
  public SupervisedRevision {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    Require.nonNull("provenance", provenance);
  }
}
