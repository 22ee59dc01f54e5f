package dev.align4j.review;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;

/**
 * A gold item: a request whose right answer is known, mixed into a reviewer's tasks to measure their accuracy. An
 * answer is correct when it says what the expected label says: the same pairwise outcome (read in the request's
 * order), the same binary verdict, the same full ranking, or a rating within {@link #RATING_TOLERANCE} scale points.
 *
 * @param request the request shown (its id must differ from every queued task's)
 * @param expected the right answer
 */
record GoldItem(FeedbackRequest request, Feedback expected) {
  /** A rating is right within one scale point: Likert answers one step apart are a matter of calibration. */
  static final double RATING_TOLERANCE = 1.0;

  GoldItem {
    request.requireAnsweredBy(expected);
  }

  boolean correct(Feedback answer) {
    var cs = request.candidates();
    if (expected instanceof PairwiseComparison e) {
      PairwiseComparison a =
          ((PairwiseComparison) answer).orientedTo(request.prompt(), cs.get(0), cs.get(1));
      return a.outcome() == e.orientedTo(request.prompt(), cs.get(0), cs.get(1)).outcome();
    }
    if (expected instanceof BinaryLabel e) {
      return ((BinaryLabel) answer).desirable() == e.desirable();
    }
    if (expected instanceof Rating e) {
      return Math.abs(((Rating) answer).value() - e.value()) <= RATING_TOLERANCE;
    }
    Ranking e = (Ranking) expected;
    Ranking a = (Ranking) answer;
    return e.ranked().equals(a.ranked());
  }
}
