package dev.align4j.feedback.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementTrackerTest {
  private static final Provenance JUDGE = Provenance.ai("judge", null, Instant.EPOCH);
  private static final Provenance HUMAN = Provenance.human("reviewer", Instant.EPOCH);

  /** The judge's label in the request's order (A = x, B = y). */
  private static PairwiseComparison inRequestOrder(int i, Outcome o) {
    return new PairwiseComparison(Prompt.of("q" + i), Completion.of("x" + i), Completion.of("y" + i), o, null, null,
        Presentation.A_FIRST, JUDGE);
  }

  /** The human's verdict stored with {@code preferring}: A = the answer the human preferred. */
  private static PairwiseComparison preferring(int i, boolean xWins) {
    Completion x = Completion.of("x" + i);
    Completion y = Completion.of("y" + i);
    return PairwiseComparison.preferring(Prompt.of("q" + i), xWins ? x : y, xWins ? y : x, HUMAN);
  }

  @Test
  void aHumanLabelStoredWithThePreferredAnswerFirstIsReadByContent() {
    AgreementTracker t = new AgreementTracker(10, 4);
    // the judge says A, A, B, B; the human agrees on items 0, 2 and 3 and prefers y on item 1
    t.record("s", inRequestOrder(0, Outcome.A), preferring(0, true));
    t.record("s", inRequestOrder(1, Outcome.A), preferring(1, false));
    t.record("s", inRequestOrder(2, Outcome.B), preferring(2, false));
    t.record("s", inRequestOrder(3, Outcome.B), preferring(3, false));
    // by hand: judge (0,0,1,1), human (0,1,1,1); p_o = 3/4, p_e = (2·1 + 2·3)/16 = 1/2, κ = (3/4 − 1/2)/(1/2) = 1/2
    assertEquals(0.5, t.kappa("s").getAsDouble(), 1e-15);
  }

  @Test
  void perfectAgreementIsKappaOneWhateverTheStoredOrder() {
    AgreementTracker t = new AgreementTracker(10, 4);
    boolean[] xWins = {true, false, false, true, false};
    for (int i = 0; i < xWins.length; i++) {
      t.record("s", inRequestOrder(i, xWins[i] ? Outcome.A : Outcome.B), preferring(i, xWins[i]));
    }
    assertEquals(1.0, t.kappa("s").getAsDouble(), 1e-15);
  }

  @Test
  void rankingsAreComparedByTheirBestAnswersText() {
    AgreementTracker t = new AgreementTracker(10, 2);
    List<Completion> xyz = List.of(Completion.of("x"), Completion.of("y"), Completion.of("z"));
    List<Completion> yzx = List.of(Completion.of("y"), Completion.of("z"), Completion.of("x"));
    t.record("r", new Ranking(Prompt.of("q"), xyz, List.of(1, 0, 2), JUDGE),
        new Ranking(Prompt.of("q"), yzx, List.of(0, 2, 1), HUMAN)); // both rank y first
    t.record("r", new Ranking(Prompt.of("q"), xyz, List.of(0, 1, 2), JUDGE),
        new Ranking(Prompt.of("q"), yzx, List.of(2, 0, 1), HUMAN)); // both rank x first
    assertEquals(1.0, t.kappa("r").getAsDouble(), 1e-15);
  }

  @Test
  void labelsAboutOtherAnswersOrOfAnotherKindAreRefused() {
    AgreementTracker t = new AgreementTracker(10, 1);
    PairwiseComparison other = PairwiseComparison.preferring(Prompt.of("q0"), Completion.of("x0"),
        Completion.of("w0"), HUMAN);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.record("s", inRequestOrder(0, Outcome.A), other));
    assertEquals("the human label must be about the AI label's answers: the comparison must compare the answers "
        + "\"x0\" and \"y0\" (in either order), it compared \"x0\" (A) and \"w0\" (B)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> t.record("s", inRequestOrder(0, Outcome.A),
        new Ranking(Prompt.of("q0"), List.of(Completion.of("x0"), Completion.of("y0")), List.of(0, 1), HUMAN)));
    assertEquals("the AI and the human label must be of the same kind, were PairwiseComparison and Ranking",
        e.getMessage());
    List<Completion> xy = List.of(Completion.of("x"), Completion.of("y"));
    e = assertThrows(IllegalArgumentException.class, () -> t.record("s",
        new Ranking(Prompt.of("q"), xy, List.of(0, 1), JUDGE),
        new Ranking(Prompt.of("q"), List.of(Completion.of("w"), Completion.of("x")), List.of(0, 1), HUMAN)));
    assertTrue(e.getMessage().endsWith("its best answer \"w\" is not among them"), e.getMessage());
    assertEquals(0, t.samples("s"));
  }
}
