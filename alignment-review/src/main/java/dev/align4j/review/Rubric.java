package dev.align4j.review;

import dev.align4j.core.check.Require;
import java.util.List;

/**
 * The criteria a rating task is scored on (a Likert score per criterion on the request's {@code RatingScale}); the
 * label's value is the mean of the criterion scores and each score is kept in the label's provenance as
 * {@code criterion.<name>}.
 *
 * @param criteria criterion names, distinct, each 1 to 40 letters, digits or {@code _ -}
 */
public record Rubric(List<String> criteria) {
  /**
   * Helpfulness, correctness, safety, concision: the criteria the issue names, close to the helpfulness / honesty /
   * harmlessness split of Askell et al. 2021 with correctness and concision made explicit.
   */
  public static final Rubric DEFAULT =
      new Rubric(List.of("helpfulness", "correctness", "safety", "concision"));

  /** Validates and copies. */
  public Rubric {
    criteria = List.copyOf(Require.nonEmpty("criteria", criteria));
    for (String c : criteria) {
      Require.argument(
          c.matches("[A-Za-z0-9_-]{1,40}"),
          "criterion must be 1 to 40 letters, digits, '_' or '-', " + "was \"%s\"",
          Require.abbreviate(c, 50));
    }
    Require.argument(
        criteria.stream().distinct().count() == criteria.size(),
        "criteria must be distinct, were %s",
        criteria);
  }
}
