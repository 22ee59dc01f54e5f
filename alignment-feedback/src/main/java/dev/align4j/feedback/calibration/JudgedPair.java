package dev.align4j.feedback.calibration;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;

/**
 * One pairwise item labelled by both the judge and people: the judge's label (with its soft label and, for a
 * both-orders judge, its per-order verdicts) next to the people's outcome for the same candidates A and B.
 *
 * @param id the item's id (the feedback request id); used to keep re-alignment and held-out items apart
 * @param judge the judge's label
 * @param human the people's outcome for A and B (e.g. the aggregated label)
 */
public record JudgedPair(String id, PairwiseComparison judge, Outcome human) {

  /** Validates. */
  public JudgedPair {
    Require.nonBlank("id", id);
    Require.nonNull("judge", judge);
    Require.nonNull("human", human);
  }

  /**
   * The κ category of an outcome: 0 = A better, 1 = B better, 2 = no preference ({@link Outcome#TIE} and
   * {@link Outcome#BOTH_BAD} pooled: neither names a winner).
   */
  public static int category(Outcome o) {
    switch (Require.nonNull("outcome", o)) {
      case A:
        return 0;
      case B:
        return 1;
      default:
        return 2;
    }
  }

  /** Whether the judge's outcome is the people's (ties and both-bad count as the same "no preference"). */
  public boolean agrees() {
    return category(judge.outcome()) == category(human);
  }

  /** The judge's confidence {@code max(p, 1 − p)} with {@code p} its effective probability that A is better. */
  public double confidence() {
    double p = judge.effectiveProbabilityA();
    return Math.max(p, 1 - p);
  }
}
