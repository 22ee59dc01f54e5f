package dev.align4j.rollout.shadow;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * One mirrored request: the prompt, the incumbent's answer (served) and the candidate's (discarded after judging).
 *
 * @param id a request id
 * @param prompt the prompt
 * @param incumbent the incumbent's completion
 * @param candidate the candidate's completion
 */
public record MirroredPair(String id, Prompt prompt, Completion incumbent, Completion candidate) {
  /** Validates. */
  public MirroredPair {
    Require.nonBlank("id", id);
    Require.nonNull("prompt", prompt);
    Require.nonNull("incumbent", incumbent);
    Require.nonNull("candidate", candidate);
  }
}
