package dev.align4j.feedback.judge;

/** How the two presentation orders of a pairwise judgement are combined into one label. */
public enum OrderCombination {
  /**
   * Average the two soft labels p(A ≻ B) (RLAIF, Lee et al. 2023, arXiv 2309.00267, §2.1.1): position bias cancels
   * in expectation; the outcome is the side with p &gt; 0.5 (a tie at exactly 0.5). The default.
   */
  SOFT_AVERAGE,
  /**
   * MT-Bench's conservative rule (Zheng et al. 2023, arXiv 2306.05685, §3.4): a side wins only when it wins in both
   * orders; an inconsistent pair is a tie. The soft label is still the average.
   */
  CONSISTENT_WIN
}
