package dev.align4j.feedback.aggregate;

import dev.align4j.core.check.Require;

/**
 * One categorical label given by one annotator to one item — the input of the vote and Dawid–Skene aggregators.
 * For pairwise preferences use categories such as {@code 0 = A, 1 = B, 2 = TIE}.
 *
 * @param item item id
 * @param annotator annotator id (human or AI judge)
 * @param label category index {@code >= 0}
 */
public record Annotation(String item, String annotator, int label) {
  /** Validates. */
  public Annotation {
    Require.nonBlank("item", item);
    Require.nonBlank("annotator", annotator);
    Require.nonNegative("label", label);
  }
}
