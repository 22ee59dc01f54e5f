package dev.align4j.core.label;

/** The outcome of a pairwise comparison of candidates A and B. */
public enum Outcome {
  /** A is better. */
  A,
  /** B is better. */
  B,
  /** Both are equally good. */
  TIE,
  /** Neither is acceptable (a tie that carries a negative signal about both). */
  BOTH_BAD
}
