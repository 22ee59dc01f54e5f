package dev.align4j.core.label;

/**
 * In which order the candidates were shown to the judge. Recorded because position bias is real (Zheng et al. 2023):
 * judges favour the first candidate, and a label judged in both orders is worth more.
 */
public enum Presentation {
  /** A was shown first. */
  A_FIRST,
  /** B was shown first. */
  B_FIRST,
  /** Judged in both orders and combined. */
  BOTH_ORDERS,
  /** Not recorded. */
  UNKNOWN
}
