package dev.align4j.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FeedbackRequest#requireAnsweredBy}: a label is matched to its request by content, never by position. */
class FeedbackRequestAnswerTest {
  private static final Prompt Q = Prompt.of("How do I reset my password?");
  private static final Completion X = Completion.of("Open Settings, then Security.");
  private static final Completion Y = Completion.of("Figure it out.");
  private static final Completion Z = Completion.of("Call us.");
  private static final Provenance WHO = Provenance.human("reviewer", Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void aComparisonOfTheTwoCandidatesAnswersInEitherOrder() {
    FeedbackRequest r = FeedbackRequest.pairwise("r1", Q, X, Y);
    r.requireAnsweredBy(PairwiseComparison.preferring(Q, X, Y, WHO));
    r.requireAnsweredBy(PairwiseComparison.preferring(Q, Y, X, WHO)); // A = chosen = the second candidate
  }

  @Test
  void rankingsRatingsAndBinaryLabelsAnswerTheirKinds() {
    FeedbackRequest.ranking("r2", Q, List.of(X, Y, Z))
        .requireAnsweredBy(new Ranking(Q, List.of(Z, X, Y), List.of(1, 2, 0), WHO));
    FeedbackRequest.rating("r3", Q, X, RatingScale.ONE_TO_TEN)
        .requireAnsweredBy(new Rating(Q, X, 7, RatingScale.ONE_TO_TEN, WHO));
    FeedbackRequest.binary("r4", Q, X).requireAnsweredBy(new BinaryLabel(Q, X, true, WHO));
  }

  @Test
  void aLabelAboutOtherAnswersIsRefusedNamingTheRequestAndBothSetsOfTexts() {
    FeedbackRequest r = FeedbackRequest.pairwise("r5", Q, X, Y);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> r.requireAnsweredBy(PairwiseComparison.preferring(Q, X, Z, WHO)));
    assertTrue(e.getMessage().contains("r5") && e.getMessage().contains("Figure it out.")
        && e.getMessage().contains("Call us."), e.getMessage());
    // the same text twice is not the two candidates
    assertThrows(IllegalArgumentException.class, () -> r.requireAnsweredBy(PairwiseComparison.preferring(Q, X, X, WHO)));
  }

  @Test
  void anotherPromptOrAnotherKindOfLabelIsRefused() {
    FeedbackRequest r = FeedbackRequest.pairwise("r6", Q, X, Y);
    IllegalArgumentException prompt = assertThrows(IllegalArgumentException.class,
        () -> r.requireAnsweredBy(PairwiseComparison.preferring(Prompt.of("Another question"), X, Y, WHO)));
    assertTrue(prompt.getMessage().contains("r6") && prompt.getMessage().contains("Another question"),
        prompt.getMessage());
    Feedback rating = new Rating(Q, X, 7, RatingScale.ONE_TO_TEN, WHO);
    IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> r.requireAnsweredBy(rating));
    assertTrue(kind.getMessage().contains("PairwiseComparison") && kind.getMessage().contains("Rating"),
        kind.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FeedbackRequest.ranking("r7", Q, List.of(X, Y, Z))
        .requireAnsweredBy(new Ranking(Q, List.of(X, Y), List.of(0, 1), WHO)));
  }
}
