package dev.align4j.core.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedbackModelTest {
  private static final Prompt P = Prompt.of("q");
  private static final Completion A = Completion.of("a");
  private static final Completion B = Completion.of("b");
  private static final Provenance HUMAN = Provenance.human("ann-1", Instant.EPOCH);

  @Test
  void pairwise_chosenAndRejected_followTheOutcome() {
    var ab = new PairwiseComparison(P, A, B, Outcome.B, 0.2, 1.0, Presentation.A_FIRST, HUMAN);
    assertSame(B, ab.chosen());
    assertSame(A, ab.rejected());
    assertEquals(0.2, ab.effectiveProbabilityA());
    var tie = new PairwiseComparison(P, A, B, Outcome.TIE, null, null, Presentation.UNKNOWN, HUMAN);
    assertEquals(0.5, tie.effectiveProbabilityA());
    var e = assertThrows(IllegalStateException.class, tie::chosen);
    assertTrue(e.getMessage().contains("TIE"), e.getMessage());
  }

  @Test
  void pairwise_orientedTo_readsTheAnswerByContentNotByPosition() {
    // a source asked (A, B) that answers "B is better" with preferring(chosen = B, rejected = A): stored A = B
    var answer = PairwiseComparison.preferring(P, B, A, HUMAN);
    assertEquals(1.0, answer.effectiveProbabilityA(), "by position: the first answer of the request would 'win'");
    var read = answer.orientedTo(P, A, B);
    assertEquals("a", read.a().text());
    assertEquals("b", read.b().text());
    assertEquals(0.0, read.effectiveProbabilityA(), "by content: A lost");
    assertSame(B, read.chosen());
    var inOrder = new PairwiseComparison(P, A, B, Outcome.A, 0.7, null, Presentation.A_FIRST, HUMAN);
    assertSame(inOrder, inOrder.orientedTo(P, Completion.of("a"), Completion.of("b")), "matched by text");
    assertEquals(0.3, inOrder.orientedTo(P, B, A).effectiveProbabilityA(), 1e-15);
    var same = new PairwiseComparison(P, A, Completion.of("a"), Outcome.TIE, null, null, Presentation.UNKNOWN, HUMAN);
    assertSame(same, same.orientedTo(P, A, A));
  }

  @Test
  void pairwise_orientedTo_refusesAnAnswerAboutOtherTexts() {
    var answer = PairwiseComparison.preferring(P, A, Completion.of("c"), HUMAN);
    var e = assertThrows(IllegalArgumentException.class, () -> answer.orientedTo(P, A, B));
    assertEquals(
        "the comparison must compare the answers \"a\" and \"b\" (in either order), it compared \"a\" (A) and "
            + "\"c\" (B)",
        e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> answer.orientedTo(Prompt.of("other"), A, Completion.of("c")));
    assertEquals("the comparison must be about the prompt \"other\", it was about \"q\"", e.getMessage());
    var same = new PairwiseComparison(P, A, A, Outcome.TIE, null, null, Presentation.UNKNOWN, HUMAN);
    assertThrows(IllegalArgumentException.class, () -> same.orientedTo(P, A, B));
  }

  @Property(trials = 60)
  void pairwise_swapTwice_isIdentity_andFlipsTheProbability(Gen gen) {
    Double p = gen.bool() ? gen.doubleIn(0, 1) : null;
    Outcome o = gen.oneOf(Outcome.values());
    Presentation pr = gen.oneOf(Presentation.values());
    var c = new PairwiseComparison(P, A, B, o, p, null, pr, HUMAN);
    var back = c.swapped().swapped();
    // An involution up to the rounding of 1 − (1 − p).
    assertEquals(c.outcome(), back.outcome());
    assertEquals(c.presentation(), back.presentation());
    assertEquals(c.a(), back.a());
    assertEquals(c.effectiveProbabilityA(), back.effectiveProbabilityA(), 1.2e-16);
    assertEquals(1.0 - c.effectiveProbabilityA(), c.swapped().effectiveProbabilityA(), 1e-15);
    if (c.isDecisive()) {
      assertEquals(c.chosen(), c.swapped().chosen());
    }
  }

  @Test
  void pairwise_rejectsOutOfRangeProbabilityAndNegativeStrength() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new PairwiseComparison(P, A, B, Outcome.A, 1.5, null, Presentation.UNKNOWN, HUMAN));
    assertTrue(e.getMessage().startsWith("probabilityA must be in [0.0, 1.0], was 1.5"), e.getMessage());
    var s = assertThrows(IllegalArgumentException.class,
        () -> new PairwiseComparison(P, A, B, Outcome.A, null, -1.0, Presentation.UNKNOWN, HUMAN));
    assertTrue(s.getMessage().contains("strength") && s.getMessage().contains("-1.0"), s.getMessage());
    assertThrows(NullPointerException.class,
        () -> new PairwiseComparison(P, null, B, Outcome.A, null, null, Presentation.UNKNOWN, HUMAN));
  }

  @Test
  void ranking_validatesThePermutation() {
    var r = new Ranking(P, List.of(A, B, Completion.of("c")), List.of(2, 0, 1), HUMAN);
    assertEquals(List.of(Completion.of("c"), A, B), r.ranked());
    assertEquals(0, r.rankOf(2));
    var dup = assertThrows(IllegalArgumentException.class, () -> new Ranking(P, List.of(A, B), List.of(1, 1), HUMAN));
    assertTrue(dup.getMessage().contains("index 1 appears twice"), dup.getMessage());
    var range = assertThrows(IllegalArgumentException.class, () -> new Ranking(P, List.of(A, B), List.of(0, 2), HUMAN));
    assertTrue(range.getMessage().contains("order[1]") && range.getMessage().contains("was 2"), range.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Ranking(P, List.of(A), List.of(0), HUMAN));
  }

  @Test
  void rating_mustLieInItsScale() {
    var r = new Rating(P, A, 7, RatingScale.ONE_TO_TEN, HUMAN);
    assertEquals(6.0 / 9.0, r.normalized(), 1e-15);
    var e = assertThrows(IllegalArgumentException.class, () -> new Rating(P, A, 11, RatingScale.ONE_TO_TEN, HUMAN));
    assertTrue(e.getMessage().equals("value must be in [1.0, 10.0], was 11.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RatingScale(3, 3));
    assertThrows(IllegalArgumentException.class, () -> new Rating(P, A, Double.NaN, RatingScale.UNIT, HUMAN));
  }

  @Test
  void provenance_copiesAttributes_andRejectsBlankIds() {
    var p = HUMAN.withAttribute("rationale", "clearer");
    assertEquals(Map.of("rationale", "clearer"), p.attributes());
    assertTrue(HUMAN.attributes().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> Provenance.human(" ", Instant.EPOCH));
    assertThrows(UnsupportedOperationException.class, () -> p.attributes().put("x", "y"));
  }
}
