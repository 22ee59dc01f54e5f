package dev.align4j.feedback.agreement;

/** Disagreement weights of Cohen's weighted κ for ordinal categories 0..K−1 (Cohen 1968). */
public enum Weighting {
  /** {@code w_ij = 1[i ≠ j]}: plain Cohen's κ. */
  NONE,
  /** {@code w_ij = |i − j|}. */
  LINEAR,
  /** {@code w_ij = (i − j)²}. */
  QUADRATIC;

  double weight(int i, int j) {
    switch (this) {
      case NONE:
        return i == j ? 0 : 1;
      case LINEAR:
        return Math.abs(i - j);
      default:
        return (double) (i - j) * (i - j);
    }
  }
}
