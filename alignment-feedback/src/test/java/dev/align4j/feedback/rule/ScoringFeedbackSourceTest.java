package dev.align4j.feedback.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.RewardModel;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.math.StableMath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringFeedbackSourceTest {
  private static final Prompt P = Prompt.of("q");
  private static final RewardModel LENGTH = (p, c) -> c.text().length() / 10.0;

  @Test
  void labelsFromARewardModelForEveryKind() {
    ScoringFeedbackSource s = ScoringFeedbackSource.fromRewardModel("len-rm", LENGTH);
    PairwiseComparison pc = (PairwiseComparison) s.requestBlocking(FeedbackRequest.pairwise("1", P,
        Completion.of("x".repeat(30)), Completion.of("x".repeat(10))));
    assertEquals(Outcome.A, pc.outcome());
    assertEquals(StableMath.sigmoid(2.0), pc.probabilityA(), 1e-12);
    assertEquals(2.0, pc.strength(), 1e-12);
    assertEquals(SourceKind.MODEL, pc.provenance().kind());
    Ranking r = (Ranking) s.requestBlocking(FeedbackRequest.ranking("2", P, List.of(Completion.of("bb"),
        Completion.of("ccc"), Completion.of("a"))));
    assertEquals(List.of(1, 0, 2), r.order());
    Rating rt = (Rating) s.requestBlocking(FeedbackRequest.rating("3", P, Completion.of(""), RatingScale.ONE_TO_TEN));
    assertEquals(5.5, rt.value(), 1e-12, "score 0 maps to the middle of the scale");
    BinaryLabel b = (BinaryLabel) ScoringFeedbackSource.fromRule("non-empty", (p, c) -> c.text().isEmpty() ? -1 : 1)
        .requestBlocking(FeedbackRequest.binary("4", P, Completion.of("")));
    assertFalse(b.desirable());
    assertEquals(SourceKind.RULE, b.provenance().kind());
    PairwiseComparison tie = (PairwiseComparison) s.withTieMargin(0.5).requestBlocking(
        FeedbackRequest.pairwise("5", P, Completion.of("abc"), Completion.of("abcd")));
    assertEquals(Outcome.TIE, tie.outcome());
  }

  @Test
  void nonFiniteScoresFailTheRequestWithANamedMessage() {
    ScoringFeedbackSource s = ScoringFeedbackSource.fromRewardModel("nan", (p, c) -> Double.NaN);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.requestBlocking(FeedbackRequest.binary("req-9", P, Completion.of("a"))));
    assertTrue(e.getMessage().contains("req-9") && e.getMessage().contains("NaN"), e.getMessage());
  }

  @Property(trials = 100)
  void pairwise_soft_label_is_antisymmetric(Gen gen) {
    double t = gen.doubleIn(0.1, 5);
    ScoringFeedbackSource s = ScoringFeedbackSource.fromRewardModel("g", (p, c) -> c.text().hashCode() % 97 / 10.0)
        .withTemperature(t);
    Completion a = Completion.of(gen.text(4));
    Completion b = Completion.of(gen.text(4));
    PairwiseComparison ab = (PairwiseComparison) s.requestBlocking(FeedbackRequest.pairwise("x", P, a, b));
    PairwiseComparison ba = (PairwiseComparison) s.requestBlocking(FeedbackRequest.pairwise("x", P, b, a));
    assertEquals(1.0, ab.probabilityA() + ba.probabilityA(), 1e-12);
    assertTrue(ab.probabilityA() >= 0 && ab.probabilityA() <= 1);
  }
}
