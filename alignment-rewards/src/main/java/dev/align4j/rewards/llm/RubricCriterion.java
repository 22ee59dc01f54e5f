package dev.align4j.rewards.llm;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.RatingScale;
import java.util.regex.Pattern;

/**
 * One criterion of a {@link Rubric}: what the judge scores, on which scale, and how much it weighs in the reward.
 *
 * @param name the criterion's name, as the judge writes it at the start of its line: letters, digits, {@code _} and
 *     {@code -}, starting with a letter (for example {@code accuracy})
 * @param description what the criterion asks of the answer, shown to the judge
 * @param scale the scale the judge scores it on (for example 1–5); the score is mapped to [0, 1] by
 *     {@link RatingScale#normalize}
 * @param weight the criterion's weight in the weighted mean, finite and &gt; 0 (weights need not sum to 1)
 */
public record RubricCriterion(String name, String description, RatingScale scale, double weight) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  /** Validates: a well-formed name, a description, a scale and a positive finite weight. */
  public RubricCriterion {
    Require.nonBlank("name", name);
    Require.argument(
        NAME.matcher(name).matches(),
        "name must be a letter followed by letters, digits, '_' or '-', was \"%s\"",
        Require.abbreviate(name, 40));
    Require.nonBlank("description", description);
    Require.nonNull("scale", scale);
    Require.finite("weight", weight);
    Require.positive("weight", weight);
  }

  /** A criterion of weight 1. */
  public static RubricCriterion of(String name, String description, RatingScale scale) {
    return new RubricCriterion(name, description, scale, 1.0);
  }
}
