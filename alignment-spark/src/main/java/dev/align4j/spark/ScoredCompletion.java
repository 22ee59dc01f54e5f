package dev.align4j.spark;

import dev.align4j.core.check.Require;

/**
 * One scored sample of a prompt.
 *
 * @param completion the completion's text
 * @param score its reward (finite)
 */
public record ScoredCompletion(String completion, double score) {
  /** Validates the fields. */
  public ScoredCompletion {
    Require.nonNull("completion", completion);
    Require.finite("score", score);
  }
}
