package dev.align4j.core;

/** The kind of label a {@link FeedbackRequest} asks for, and how many candidates it needs. */
public enum FeedbackKind {
  /** Which of two candidates is better: exactly 2 candidates; answered by a {@code PairwiseComparison}. */
  PAIRWISE(2, 2),
  /** Order k ≥ 2 candidates from best to worst; answered by a {@code Ranking}. */
  RANKING(2, Integer.MAX_VALUE),
  /** A score on a scale for one candidate; answered by a {@code Rating}. */
  RATING(1, 1),
  /** Desirable or not, for one candidate; answered by a {@code BinaryLabel}. */
  BINARY(1, 1);

  private final int minCandidates;
  private final int maxCandidates;

  FeedbackKind(int minCandidates, int maxCandidates) {
    this.minCandidates = minCandidates;
    this.maxCandidates = maxCandidates;
  }

  /** The fewest candidates a request of this kind holds. */
  public int minCandidates() {
    return minCandidates;
  }

  /** The most candidates a request of this kind holds. */
  public int maxCandidates() {
    return maxCandidates;
  }
}
