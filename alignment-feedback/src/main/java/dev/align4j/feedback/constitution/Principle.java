package dev.align4j.feedback.constitution;

import dev.align4j.core.check.Require;

/**
 * One Constitutional-AI principle (Bai et al. 2022, arXiv 2212.08073): how to compare two answers, and how to critique
 * and revise one answer.
 *
 * @param id a stable id, recorded as {@code Provenance.principleId()} of every label made under it
 * @param comparison the comparison question put to a judge, e.g. "Which response is less harmful?"
 * @param critiqueRequest the critique instruction, e.g. "Identify specific ways in which the last response is
 *     harmful, unethical or toxic."
 * @param revisionRequest the revision instruction, e.g. "Please rewrite the response to remove any harmful content."
 */
public record Principle(String id, String comparison, String critiqueRequest, String revisionRequest) {
  /** Validates that every part is non-blank. */
  public Principle {
    Require.nonBlank("id", id);
    Require.nonBlank("comparison", comparison);
    Require.nonBlank("critiqueRequest", critiqueRequest);
    Require.nonBlank("revisionRequest", revisionRequest);
  }
}
