package dev.align4j.rewards.llm;

import dev.align4j.core.check.Require;

/**
 * The judge's score on one {@link RubricCriterion}.
 *
 * @param criterion the criterion's name
 * @param score the score on the criterion's scale
 * @param normalized the score mapped to [0, 1] by the criterion's scale
 * @param weight the criterion's weight
 * @param comment what the judge wrote on the criterion's line (its reason; may be empty)
 */
public record CriterionScore(
    String criterion, double score, double normalized, double weight, String comment) {

  /** Validates. */
  public CriterionScore {
    Require.nonBlank("criterion", criterion);
    Require.finite("score", score);
    Require.inClosedRange("normalized", normalized, 0, 1);
    Require.positive("weight", weight);
    Require.nonNull("comment", comment);
  }
}
