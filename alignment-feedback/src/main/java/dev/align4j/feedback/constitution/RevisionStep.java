package dev.align4j.feedback.constitution;

import dev.align4j.core.check.Require;

/**
 * One critique → revision round.
 *
 * @param principleId the principle sampled for the round
 * @param critique the model's critique of the current response
 * @param revision the revised response
 */
public record RevisionStep(String principleId, String critique, String revision) {
  /** Validates. */
  public RevisionStep {
    Require.nonBlank("principleId", principleId);
    Require.nonNull("critique", critique);
    Require.nonNull("revision", revision);
  }
}
