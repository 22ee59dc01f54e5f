package dev.align4j.examples.poc.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.feedback.judge.JudgeAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulated reviewers and the position-biased AI labeller. Reference probabilities were computed outside the
 * implementation with scipy (stated at each assertion).
 */
class SimulatedLabellersTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final SupportScenario SCENARIO =
      SupportScenario.builder().seed(11).cardShare(0).build();
  private static final int N = 2000;

  private static SupportQuestion englishPasswordQuestion() {
    for (SupportQuestion q : SCENARIO.questions(200)) {
      if (q.language() == Language.ENGLISH && q.topic() == Topic.ACCOUNTS) {
        return q;
      }
    }
    throw new AssertionError("no English password question in 200");
  }

  private static PairwiseComparison ask(
      FeedbackSource source, String id, SupportQuestion q, Completion a, Completion b) {
    return (PairwiseComparison)
        source.requestBlocking(FeedbackRequest.pairwise(id, q.prompt(), a, b));
  }

  @Test
  void the_length_liking_reviewer_prefers_padding_that_the_careful_one_rejects() {
    SupportQuestion q = englishPasswordQuestion();
    Completion ideal = SupportScenario.reply(q, ReplyTraits.ideal(), 1).completion();
    Completion padded =
        SupportScenario.reply(q, new ReplyTraits(Correctness.CORRECT, Tone.POLITE, false, 4), 1)
            .completion();
    String text = padded.text();
    int extra = text.codePointCount(0, text.length()) - ideal.text().length();
    assertEquals(
        282, extra, "the hand count of the four filler sentences the reference below assumes");
    List<SimulatedReviewer> panel = SimulatedReviewer.panel(3, CLOCK);
    double careful = shareOfFirst(panel.get(0), q, padded, ideal);
    double fan = shareOfFirst(panel.get(2), q, padded, ideal);
    // Δgold = −0.5 × (418 − 220)/100 = −0.99; P = Φ(Δ / (sd √2)):
    // careful (sd 0.3): Φ(−0.99 / 0.424) = 0.0098; verbose-fan (sd 0.5, +1.0 per 100 chars): Φ(1.83
    // / 0.707) = 0.9952
    assertEquals(0.0098, careful, 0.01);
    assertEquals(0.9952, fan, 0.01);
  }

  private static double shareOfFirst(
      SimulatedReviewer r, SupportQuestion q, Completion a, Completion b) {
    int first = 0;
    for (int i = 0; i < N; i++) {
      PairwiseComparison c = ask(r, "r" + i, q, a, b);
      assertEquals(SourceKind.HUMAN, c.provenance().kind());
      assertEquals(r.id(), c.provenance().sourceId());
      first += c.outcome() == Outcome.A ? 1 : 0;
    }
    return first / (double) N;
  }

  @Test
  void labels_depend_on_the_seed_and_request_id_only() {
    SupportQuestion q = englishPasswordQuestion();
    Completion a = SupportScenario.reply(q, ReplyTraits.ideal(), 1).completion();
    Completion b =
        SupportScenario.reply(q, new ReplyTraits(Correctness.CORRECT, Tone.NEUTRAL, false, 1), 2)
            .completion();
    SimulatedReviewer hurried =
        SimulatedReviewer.builder().id("h").noiseSd(1.0).seed(9).clock(CLOCK).build();
    PositionBiasedJudge judge = PositionBiasedJudge.builder().seed(9).clock(CLOCK).build();
    Set<Outcome> outcomes = new HashSet<>();
    Set<Double> probabilities = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      PairwiseComparison h = ask(hurried, "x" + i, q, a, b);
      assertEquals(h, ask(hurried, "x" + i, q, a, b));
      PairwiseComparison j = ask(judge, "x" + i, q, a, b);
      assertEquals(j, ask(judge, "x" + i, q, a, b));
      outcomes.add(h.outcome());
      probabilities.add(j.probabilityA());
    }
    assertEquals(Set.of(Outcome.A, Outcome.B), outcomes, "noise varies across ids");
    assertTrue(probabilities.size() > 40, "judge probabilities vary across ids");
    SimulatedReviewer reseeded =
        SimulatedReviewer.builder().id("h").noiseSd(1.0).seed(10).clock(CLOCK).build();
    int differ = 0;
    for (int i = 0; i < 50; i++) {
      differ += ask(hurried, "x" + i, q, a, b).equals(ask(reseeded, "x" + i, q, a, b)) ? 0 : 1;
    }
    assertNotEquals(0, differ, "another seed gives other labels");
  }

  @Test
  void labellers_sharing_a_seed_draw_independent_noise() {
    SupportQuestion q = englishPasswordQuestion();
    Completion a = SupportScenario.reply(q, ReplyTraits.ideal(), 1).completion();
    Completion b =
        SupportScenario.reply(q, new ReplyTraits(Correctness.CORRECT, Tone.NEUTRAL, false, 1), 2)
            .completion();
    SimulatedReviewer first =
        SimulatedReviewer.builder().id("first").noiseSd(1.0).seed(4).clock(CLOCK).build();
    SimulatedReviewer second =
        SimulatedReviewer.builder().id("second").noiseSd(1.0).seed(4).clock(CLOCK).build();
    int disagree = 0;
    int n = 400;
    for (int i = 0; i < n; i++) {
      disagree +=
          ask(first, "s" + i, q, a, b).outcome() == ask(second, "s" + i, q, a, b).outcome() ? 0 : 1;
    }
    // Δgold = 2.5 − 2.0 = 0.5 (polite closing; both within budget), so each prefers A with p =
    // Φ(0.5 / √2) = 0.638
    // and independent reviewers disagree with 2p(1 − p) = 0.462; identical noise would give 0
    assertTrue(disagree > 0.1 * n, "disagreements " + disagree + " of " + n);
  }

  @Test
  void the_planted_position_bias_is_exact_without_noise() {
    SupportQuestion q = englishPasswordQuestion();
    Completion same = SupportScenario.reply(q, ReplyTraits.ideal(), 1).completion();
    PositionBiasedJudge judge =
        PositionBiasedJudge.builder().positionBias(1.0).noiseSd(0).clock(CLOCK).build();
    PairwiseComparison c = ask(judge, "same", q, same, same);
    // σ(1) = 0.7310585786
    assertEquals(
        0.731059,
        Double.parseDouble(c.provenance().attributes().get(JudgeAttributes.P_A_FIRST)),
        1e-6);
    assertEquals(
        1 - 0.731059,
        Double.parseDouble(c.provenance().attributes().get(JudgeAttributes.P_B_FIRST)),
        1e-6);
    assertEquals("false", c.provenance().attributes().get(JudgeAttributes.ORDER_CONSISTENT));
    assertEquals(SourceKind.AI, c.provenance().kind());
    assertEquals(0.5, c.probabilityA(), 1e-12, "the two orders cancel in the mean");
  }

  @Test
  void the_planted_position_bias_is_measurable_from_the_labels() {
    SupportQuestion q = englishPasswordQuestion();
    Completion same = SupportScenario.reply(q, ReplyTraits.ideal(), 1).completion();
    double[] biased =
        measure(PositionBiasedJudge.builder().positionBias(1.0).clock(CLOCK).build(), q, same);
    double[] fair =
        measure(PositionBiasedJudge.builder().positionBias(0.0).clock(CLOCK).build(), q, same);
    // noise sd 0.4 per candidate, so u_first − u_second ~ N(0, 0.566²); with scipy:
    // E[σ(1 + 0.566 Z)] = 0.71793, so E[p_a_first − p_b_first] = 0.43585; bias 0 gives 0 by
    // symmetry
    assertEquals(0.43585, biased[0], 0.025);
    assertEquals(0.0, fair[0], 0.025);
    // tolerances are about 5 standard errors over 2000 labels (per-label sd ≈ 0.2 for the
    // difference)
    // first shown wins in each call with Φ(1 / 0.566) = 0.96145; both calls pick the shown-first
    // candidate (an
    // order-inconsistent label) with 0.96145² = 0.92439; without bias 0.25
    assertEquals(0.92439, biased[1], 0.03);
    assertEquals(0.25, fair[1], 0.05);
  }

  /** {mean of p_a_first − p_b_first, share of labels where the first-shown candidate won in both calls}. */
  private static double[] measure(PositionBiasedJudge judge, SupportQuestion q, Completion same) {
    double diff = 0;
    int firstTwice = 0;
    for (int i = 0; i < N; i++) {
      var attrs = ask(judge, "p" + i, q, same, same).provenance().attributes();
      diff +=
          Double.parseDouble(attrs.get(JudgeAttributes.P_A_FIRST))
              - Double.parseDouble(attrs.get(JudgeAttributes.P_B_FIRST));
      boolean firstWonTwice =
          attrs.get(JudgeAttributes.VERDICT_A_FIRST).equals("A")
              && attrs.get(JudgeAttributes.VERDICT_B_FIRST).equals("B");
      firstTwice += firstWonTwice ? 1 : 0;
    }
    return new double[] {diff / N, firstTwice / (double) N};
  }

  @Test
  void non_pairwise_requests_fail_naming_the_kind() {
    SupportQuestion q = englishPasswordQuestion();
    FeedbackRequest binary = FeedbackRequest.binary("b1", q.prompt(), Completion.of("ok"));
    for (FeedbackSource s :
        List.of(
            SimulatedReviewer.builder().id("r").build(), PositionBiasedJudge.builder().build())) {
      var e = assertThrows(IllegalArgumentException.class, () -> s.requestBlocking(binary));
      assertTrue(
          e.getMessage().contains("BINARY") && e.getMessage().contains("PAIRWISE"), e.getMessage());
    }
  }
}
