package dev.align4j.feedback.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.judge.JudgeFixtures;
import dev.align4j.feedback.judge.JudgeTemplate;
import dev.align4j.feedback.judge.LlmJudge;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Re-alignment on a simulated judge with a planted length bias: the stand-in model prefers the longer response unless
 * its prompt carries the clarification "prefer the correct answer even when it is shorter", and errs on a fixed 10 %
 * of pairs either way. People prefer the correct answer, which is the shorter one on half of the pairs.
 */
class JudgeRealignmentTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  static boolean correct(String text) {
    return text.contains("answer: right");
  }

  /** The planted-bias stand-in: verdicts are order-independent, so the judge's two orders agree. */
  static ChatModel lengthBiased() {
    return r -> {
      String r1 = JudgeFixtures.block(r, "RESPONSE 1");
      String r2 = JudgeFixtures.block(r, "RESPONSE 2");
      boolean clarified = JudgeFixtures.system(r).contains("even when it is shorter");
      int pick = clarified ? (correct(r1) ? 1 : 2) : (r1.length() > r2.length() ? 1 : 2);
      String pairKey = r1.compareTo(r2) < 0 ? r1 + "|" + r2 : r2 + "|" + r1;
      if (Math.floorMod(pairKey.hashCode(), 10) == 0) {
        pick = 3 - pick;
      }
      return ChatResponse.ofText("Verdict: " + pick);
    };
  }

  /** Item {@code i}: the correct answer is the shorter one when {@code i} is odd; A/B order by a seeded coin. */
  static List<HumanLabelledPair> items(int n, long seed) {
    SplittableRandom coin = new SplittableRandom(seed);
    List<HumanLabelledPair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String pad =
          " and here is a long explanation of every step, " + "with more detail ".repeat(1 + i % 3);
      boolean rightIsShort = i % 2 == 1;
      Completion right = Completion.of("answer: right #" + i + (rightIsShort ? "" : pad));
      Completion wrong = Completion.of("answer: wrong #" + i + (rightIsShort ? pad : ""));
      boolean rightFirst = coin.nextBoolean();
      FeedbackRequest req =
          FeedbackRequest.pairwise(
              String.format("item-%03d", i),
              Prompt.of("question " + i),
              rightFirst ? right : wrong,
              rightFirst ? wrong : right);
      out.add(new HumanLabelledPair(req, rightFirst ? Outcome.A : Outcome.B));
    }
    return out;
  }

  static LlmJudge judge(JudgeTemplate t) {
    return LlmJudge.builder().model(lengthBiased()).template(t).clock(CLOCK).build();
  }

  @Test
  void realignment_raises_kappa_on_held_out_human_labels() {
    JudgeRealignment.Split split =
        JudgeRealignment.split(items(200, 7), 0.3, new SplittableRandom(11));
    assertEquals(60, split.realign().size());
    assertEquals(140, split.heldOut().size());
    JudgeTemplate base = JudgeTemplate.standard();
    List<JudgedPair> judged = JudgeRealignment.judge(judge(base), split.realign());
    Realignment r = JudgeRealignment.builder().build().realign(base, judged);

    int longer = r.disagreements().getOrDefault(DisagreementCategory.LONGER_PREFERRED, 0);
    assertTrue(
        longer >= 15 && r.disagreements().values().stream().allMatch(c -> c <= longer),
        r.disagreements().toString());
    assertEquals(DisagreementCategory.LONGER_PREFERRED.clarification(), r.clarifications().get(0));
    assertTrue(r.template().preamble().contains(JudgeRealignment.CLARIFICATIONS_HEADING));
    assertEquals(4, r.exemplars().size());
    for (int j = 0; j < 4; j++) {
      assertEquals(
          "Verdict: " + (j % 2 == 0 ? "1" : "2"),
          r.exemplars().get(j).assistant(),
          "balanced positions");
      String id = r.exemplarIds().get(j);
      JudgedPair p = judged.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
      assertFalse(p.agrees(), "exemplars come from disagreements: " + id);
      String winnerText = (p.human() == Outcome.A ? p.judge().a() : p.judge().b()).text();
      assertTrue(
          r.exemplars()
              .get(j)
              .user()
              .contains(
                  "[[RESPONSE "
                      + (j % 2 == 0 ? 1 : 2)
                      + " #example"
                      + (j + 1)
                      + "]]\n"
                      + winnerText
                      + "\n"),
          r.exemplars().get(j).user());
    }
    assertEquals(
        r, JudgeRealignment.builder().build().realign(base, judged), "deterministic for a seed");

    RealignmentResult result =
        JudgeRealignment.compare(
            JudgeRealignmentTest::judge,
            base,
            r,
            split.heldOut(),
            JudgeCalibrator.builder().resamples(500).build(),
            "length-biased");
    double before = result.before().kappa().estimate();
    double after = result.after().kappa().estimate();
    System.out.printf(
        "held-out kappa before %.3f [%.3f, %.3f], after %.3f [%.3f, %.3f], accuracy %.3f -> %.3f%n",
        before,
        result.before().kappa().lower(),
        result.before().kappa().upper(),
        after,
        result.after().kappa().lower(),
        result.after().kappa().upper(),
        result.before().accuracy().estimate(),
        result.after().accuracy().estimate());
    assertTrue(
        before < 0.2,
        "planted bias: the judge is near chance on the held-out set, kappa " + before);
    assertTrue(after > 0.6, "re-aligned: kappa " + after);
    assertTrue(result.after().kappa().lower() > result.before().kappa().upper(), result.toString());
    assertEquals(after - before, result.kappaGain(), 1e-12);
    // the calibration signal fails before and passes after
    CalibrationHealth health = CalibrationHealth.builder().build();
    assertFalse(health.judge(result.before(), null).allowsPromotion());
    assertTrue(health.judge(result.after(), null).allowsPromotion());
  }

  @Test
  void items_used_to_realign_are_refused_as_held_out() {
    List<HumanLabelledPair> all = items(40, 3);
    JudgeRealignment.Split split = JudgeRealignment.split(all, 0.5, new SplittableRandom(1));
    Set<String> ids = new HashSet<>();
    split.realign().forEach(p -> ids.add(p.id()));
    split.heldOut().forEach(p -> assertTrue(ids.add(p.id()), "split sets are disjoint"));
    assertEquals(40, ids.size());
    JudgeTemplate base = JudgeTemplate.standard();
    Realignment r =
        JudgeRealignment.builder()
            .build()
            .realign(base, JudgeRealignment.judge(judge(base), split.realign()));
    List<HumanLabelledPair> leaky = new ArrayList<>(split.heldOut());
    leaky.add(split.realign().get(0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                JudgeRealignment.compare(
                    JudgeRealignmentTest::judge, base, r, leaky, JudgeCalibrator.standard(), "j"));
    assertTrue(
        e.getMessage().contains("heldOut") && e.getMessage().contains(split.realign().get(0).id()),
        e.getMessage());
    // the same candidates under a fresh id are refused too (an exemplar's texts)
    String shotId = r.exemplarIds().get(0);
    HumanLabelledPair shot =
        split.realign().stream().filter(p -> p.id().equals(shotId)).findFirst().orElseThrow();
    HumanLabelledPair renamed =
        new HumanLabelledPair(
            FeedbackRequest.pairwise(
                "fresh-id",
                shot.request().prompt(),
                shot.request().candidates().get(0),
                shot.request().candidates().get(1)),
            shot.human());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                JudgeRealignment.compare(
                    JudgeRealignmentTest::judge,
                    base,
                    r,
                    List.of(renamed, split.heldOut().get(0)),
                    JudgeCalibrator.standard(),
                    "j"));
    assertTrue(e.getMessage().contains("fresh-id"), e.getMessage());
  }

  @Test
  void disagreement_categories_follow_their_definitions() {
    JudgedPair longer =
        new JudgedPair(
            "x", JudgeCalibrationTest.judged(0, 0.9, "A", "A", "long answer", "short"), Outcome.B);
    assertEquals(
        DisagreementCategory.LONGER_PREFERRED,
        DisagreementCategory.of(longer.judge(), longer.human()));
    assertEquals(
        DisagreementCategory.SHORTER_PREFERRED,
        DisagreementCategory.of(
            JudgeCalibrationTest.judged(0, 0.1, "B", "B", "long answer", "short"), Outcome.A));
    assertEquals(
        DisagreementCategory.POSITION_FLIP,
        DisagreementCategory.of(
            JudgeCalibrationTest.judged(0, 0.7, "A", "B", "long answer", "short"), Outcome.B));
    assertEquals(
        DisagreementCategory.JUDGE_PICKED_ON_TIE,
        DisagreementCategory.of(
            JudgeCalibrationTest.judged(0, 0.9, "A", "A", "long answer", "short"),
            Outcome.BOTH_BAD));
    assertEquals(
        DisagreementCategory.JUDGE_TIED_ON_PICK,
        DisagreementCategory.of(
            JudgeCalibrationTest.judged(0, 0.5, "TIE", "TIE", "long answer", "short"), Outcome.A));
    assertEquals(
        DisagreementCategory.OTHER,
        DisagreementCategory.of(
            JudgeCalibrationTest.judged(0, 0.9, "A", "A", "same", "size"), Outcome.B));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DisagreementCategory.of(
                    JudgeCalibrationTest.judged(0, 0.9, "A", "A", "a", "b"), Outcome.A));
    assertTrue(e.getMessage().contains("disagree"), e.getMessage());
  }
}
