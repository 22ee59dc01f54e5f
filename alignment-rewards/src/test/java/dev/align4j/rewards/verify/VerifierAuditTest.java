package dev.align4j.rewards.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.eval.HealthSignal;
import dev.align4j.core.eval.HealthStatus;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.llm.LlmJudgeReward;
import dev.align4j.rewards.rule.ReferenceAnswerRule;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class VerifierAuditTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /**
   * A population judged by the real numeric rule: {@code positives} answers it reads correctly, {@code zeros} it
   * scores 0 of which exactly {@code misread} are correct answers it misreads (a check after the answer ends on
   * another number), and {@code abstentions} completions without a number. The order is shuffled by the seed.
   */
  private static final class Population {
    final Map<String, String> references = new HashMap<>();
    final List<AuditItem> items = new ArrayList<>();
    final Set<String> misreadCorrect = new HashSet<>();
    final ReferenceAnswerRule rule =
        ReferenceAnswerRule.numeric(p -> references.get(p.lastUserText()));

    Population(long seed, int positives, int zeros, int misread, int abstentions) {
      SplittableRandom r = new SplittableRandom(seed);
      List<String> kinds = new ArrayList<>();
      kinds.addAll(Collections.nCopies(positives, "positive"));
      kinds.addAll(Collections.nCopies(misread, "misread"));
      kinds.addAll(Collections.nCopies(zeros - misread, "wrong"));
      kinds.addAll(Collections.nCopies(abstentions, "abstain"));
      Collections.shuffle(kinds, new Random(r.nextLong()));
      for (int i = 0; i < kinds.size(); i++) {
        int ref = r.nextInt(1, 1000);
        String q = "Question " + i + ": compute it.";
        references.put(q, Integer.toString(ref));
        String text;
        switch (kinds.get(i)) {
          case "positive":
            text =
                r.nextBoolean()
                    ? "The result is " + ref + "."
                    : "Working... so \\boxed{" + ref + "}";
            break;
          case "misread":
            text =
                r.nextBoolean()
                    ? "The answer is " + ref + ". Check: " + ref + " + 1 = " + (ref + 1) + "."
                    : "The answer is " + ref + " (that is, " + ref + " dollars and 0 cents).";
            misreadCorrect.add(q);
            break;
          case "wrong":
            text = "The answer is " + (ref + 1 + r.nextInt(50)) + ".";
            break;
          default:
            text = "I am not sure how to do this one.";
        }
        Prompt p = Prompt.of(q);
        items.add(AuditItem.of(rule, p, Completion.of(text)));
      }
    }
  }

  @Test
  void thePlantedPopulationIsWhatItClaims() {
    Population pop = new Population(1, 300, 400, 60, 50);
    long zeros = pop.items.stream().filter(i -> i.verdict().equals(Verdict.scored(0))).count();
    long ones = pop.items.stream().filter(i -> i.verdict().equals(Verdict.scored(1))).count();
    long abstained = pop.items.stream().filter(i -> i.verdict().isAbstention()).count();
    assertEquals(400, zeros);
    assertEquals(300, ones);
    assertEquals(50, abstained);
    SecondCheck parser = NumericAnswerCheck.of(p -> pop.references.get(p.lastUserText()));
    for (AuditItem item : pop.items) {
      if (item.verdict().equals(Verdict.scored(0))) {
        boolean planted = pop.misreadCorrect.contains(item.prompt().lastUserText());
        assertEquals(
            planted ? SecondOpinion.CORRECT : SecondOpinion.INCORRECT,
            parser.check(item.prompt(), item.completion()),
            item.completion().text());
      }
    }
  }

  /**
   * The estimate against a known planted rate: 400 zeros of which 5 %, 15 % or 30 % are correct answers the rule
   * misread, 100 audited by the second parser; over 200 seeds the 95 % interval must contain the planted rate in at
   * least 95 % of them. (Exact coverage of this design, from the hypergeometric distribution with scipy: 0.9855,
   * 0.9656, 0.9682; the measured figure is in the README.) Run with {@code -Dalign4j.auditSeeds=3000} for the sweep.
   */
  @Test
  void intervalCoversThePlantedFalseNegativeRateInAtLeast95PercentOfSeeds() {
    int seeds = Integer.getInteger("align4j.auditSeeds", 200);
    int[] misread = {20, 60, 120};
    int[] covered = new int[3];
    int[] runs = new int[3];
    double[] sumEstimate = new double[3];
    for (int seed = 0; seed < seeds; seed++) {
      int k = seed % 3;
      Population pop = new Population(1_000L + seed, 300, 400, misread[k], 50);
      AuditResult r =
          VerifierAudit.builder()
              .seed(seed)
              .clock(CLOCK)
              .build()
              .run(pop.items, NumericAnswerCheck.of(p -> pop.references.get(p.lastUserText())));
      assertEquals(100, r.audited());
      assertEquals(0, r.undecided());
      assertEquals(400, r.zeros());
      RateEstimate q = r.falseNegativeRate();
      assertNotNull(q);
      double planted = misread[k] / 400.0;
      runs[k]++;
      sumEstimate[k] += q.estimate();
      if (q.contains(planted)) {
        covered[k]++;
      }
    }
    int total = covered[0] + covered[1] + covered[2];
    double coverage = (double) total / seeds;
    String report =
        String.format(
            "coverage %.4f over %d seeds (5%%: %d/%d, 15%%: %d/%d, 30%%: %d/%d);"
                + " mean estimates %.4f, %.4f, %.4f",
            coverage,
            seeds,
            covered[0],
            runs[0],
            covered[1],
            runs[1],
            covered[2],
            runs[2],
            sumEstimate[0] / runs[0],
            sumEstimate[1] / runs[1],
            sumEstimate[2] / runs[2]);
    System.out.println("VerifierAuditTest: " + report);
    assertTrue(coverage >= 0.95, report);
    for (int k = 0; k < 3; k++) {
      assertEquals(
          misread[k] / 400.0,
          sumEstimate[k] / runs[k],
          0.02,
          "the estimator is unbiased: " + report);
    }
  }

  @Test
  void wilsonBoundsMatchScipy() {
    // scipy 1.17: binomtest(x, n).proportion_ci(confidence_level=0.95, method='wilson')
    double[][] cases = {
      {0, 50, 0.0, 0.07134759913335872},
      {3, 97, 0.010573344948552423, 0.08702003515310985},
      {12, 100, 0.0699940643701949, 0.19812099426711421},
      {30, 100, 0.21894885294932764, 0.39584854633346667},
      {7, 20, 0.1811918241010821, 0.5671457233147637},
      {50, 50, 0.9286524008666412, 1.0},
    };
    for (double[] c : cases) {
      int x = (int) c[0];
      int n = (int) c[1];
      AuditResult r = result(x, n - x, 0, 1_000, 0.05);
      RateEstimate q = r.falseNegativeRate();
      assertNotNull(q);
      assertEquals(c[2], q.lower(), 1e-12, x + "/" + n);
      assertEquals(c[3], q.upper(), 1e-12, x + "/" + n);
      assertEquals((double) x / n, q.estimate(), 0.0);
    }
    // 90 %: binomtest(12, 100).proportion_ci(confidence_level=0.90, method='wilson')
    RateEstimate q90 = result(12, 88, 0, 1_000, 0.10).falseNegativeRate();
    assertNotNull(q90);
    assertEquals(0.07632600811956233, q90.lower(), 1e-12);
    assertEquals(0.18369445967565015, q90.upper(), 1e-12);
  }

  @Test
  void scaledEstimatesAndTheWorstCaseFollowTheirFormulas() {
    // x = 12, y = 80, u = 8 of 100 audited; N0 = 400 zeros, 300 positives
    AuditResult r = new AuditResult("audit", 400, 300, 50, 12, 80, 8, 0.05, 0.10, 0.20, NOW);
    RateEstimate q = r.falseNegativeRate();
    assertNotNull(q);
    assertEquals(12.0 / 92, q.estimate(), 1e-15);
    RateEstimate fn = r.falseNegatives();
    assertNotNull(fn);
    assertEquals(400 * 12.0 / 92, fn.estimate(), 1e-12);
    assertEquals(400 * q.lower(), fn.lower(), 1e-12);
    RateEstimate missed = r.missedShareOfCorrect();
    assertNotNull(missed);
    double est = 400 * 12.0 / 92;
    assertEquals(est / (est + 300), missed.estimate(), 1e-15);
    assertEquals(400 * q.upper() / (400 * q.upper() + 300), missed.upper(), 1e-15);
    // scipy: binomtest(12, 100) wilson low 0.0699940643701949; binomtest(20, 100) wilson high
    RateEstimate worst = r.worstCase();
    assertNotNull(worst);
    assertEquals(0.0699940643701949, worst.lower(), 1e-12);
    assertEquals(0.2888291655931589, worst.upper(), 1e-12);
    assertEquals(0.12, worst.estimate(), 1e-15);
  }

  @Test
  void statusFailsOnlyWhenTheLowerBoundExceedsTheMaximum() {
    HealthStatus failed = result(30, 70, 0, 400, 0.05).status();
    assertEquals(HealthStatus.State.FAILED, failed.state());
    assertEquals(AuditResult.CODE_ABOVE_MAX, failed.code());
    assertFalse(failed.allowsPromotion());
    assertEquals(0.21894885294932764, failed.evidence().get("false_negative_rate_lower"), 1e-12);
    assertEquals(NOW, failed.at());
    assertEquals("verifier_audit", failed.source());
    assertTrue(failed.reason().contains("30 of 100"), failed.reason());

    HealthStatus mayExceed = result(12, 88, 0, 400, 0.05).status();
    assertEquals(HealthStatus.State.WARNING, mayExceed.state());
    assertEquals(AuditResult.CODE_MAY_EXCEED_MAX, mayExceed.code());

    HealthStatus ok = result(3, 94, 0, 400, 0.05).status();
    assertEquals(HealthStatus.State.HEALTHY, ok.state());
    assertEquals("OK", ok.code());

    HealthStatus inconclusive = result(3, 70, 27, 400, 0.05).status();
    assertEquals(HealthStatus.State.WARNING, inconclusive.state());
    assertEquals(AuditResult.CODE_INCONCLUSIVE, inconclusive.code());

    HealthStatus nothingDecided = result(0, 0, 10, 400, 0.05).status();
    assertEquals(AuditResult.CODE_INCONCLUSIVE, nothingDecided.code());
    assertNull(result(0, 0, 10, 400, 0.05).falseNegativeRate());

    HealthStatus noZeros =
        VerifierAudit.builder()
            .clock(CLOCK)
            .build()
            .run(
                List.of(
                    AuditItem.of((p, c) -> Verdict.scored(1), Prompt.of("q"), Completion.of("a"))),
                (p, c) -> SecondOpinion.CORRECT)
            .status();
    assertEquals(HealthStatus.State.HEALTHY, noZeros.state());
    assertEquals(AuditResult.CODE_NO_ZEROS, noZeros.code());
  }

  @Test
  void theResultIsAHealthSignalTheGateCanRead() {
    HealthSignal signal = result(30, 70, 0, 400, 0.05);
    assertEquals(HealthStatus.State.FAILED, signal.status().state());
  }

  @Property(trials = 30)
  void theSampleIsSeededDrawnFromZerosOnlyAndWithoutRepeats(Gen gen) {
    int n = gen.intIn(1, 300);
    List<AuditItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Verdict v =
          gen.oneOf(
              Verdict.scored(0),
              Verdict.scored(1),
              Verdict.scored(0.5),
              Verdict.abstained(AbstentionReason.NO_ANSWER, "none"));
      items.add(new AuditItem(Prompt.of("q" + i), Completion.of("a" + i), v));
    }
    int size = gen.intIn(1, 60);
    long seed = gen.random().nextLong();
    VerifierAudit audit = VerifierAudit.builder().sampleSize(size).seed(seed).build();
    AuditSample s = audit.sample(items);
    long zeros = items.stream().filter(i -> i.verdict().equals(Verdict.scored(0))).count();
    assertEquals(zeros, s.zeros());
    assertEquals(Math.min(size, zeros), s.items().size());
    int[] pos = s.positions();
    for (int k = 0; k < pos.length; k++) {
      assertEquals(Verdict.scored(0), items.get(pos[k]).verdict());
      assertSame(items.get(pos[k]), s.items().get(k));
      assertTrue(k == 0 || pos[k - 1] < pos[k], "ascending, no repeats");
    }
    assertArrayEquals(pos, audit.sample(items).positions(), "the same seed draws the same sample");
    assertEquals(items.stream().filter(i -> i.verdict().isAbstention()).count(), s.abstentions());
  }

  @Test
  void theSameSeedGivesTheSameResult() {
    Population pop = new Population(11, 300, 400, 60, 50);
    NumericAnswerCheck parser = NumericAnswerCheck.of(p -> pop.references.get(p.lastUserText()));
    AuditResult a = VerifierAudit.builder().seed(5).clock(CLOCK).build().run(pop.items, parser);
    AuditResult b = VerifierAudit.builder().seed(5).clock(CLOCK).build().run(pop.items, parser);
    assertEquals(a, b);
    assertEquals(a.status(), b.status());
  }

  @Test
  void differentSeedsDrawDifferentSamplesAndEveryZeroCanBeDrawn() {
    List<AuditItem> items = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      items.add(new AuditItem(Prompt.of("q" + i), Completion.of("a" + i), Verdict.scored(0)));
    }
    int[] drawn = new int[50];
    Set<String> samples = new HashSet<>();
    for (int seed = 0; seed < 2_000; seed++) {
      int[] pos =
          VerifierAudit.builder().sampleSize(5).seed(seed).build().sample(items).positions();
      samples.add(Arrays.toString(pos));
      for (int p : pos) {
        drawn[p]++;
      }
    }
    assertTrue(samples.size() > 1_900, "distinct samples: " + samples.size());
    // each zero is drawn with probability 5/50: 200 times in expectation, binomial sd about 13.4;
    // within 5 sd
    for (int i = 0; i < 50; i++) {
      assertTrue(Math.abs(drawn[i] - 200) < 67, "zero " + i + " drawn " + drawn[i] + " times");
    }
  }

  @Test
  void peopleThroughAReviewQueueAnswerLaterInTheSampleOrder() {
    Population pop = new Population(7, 300, 400, 60, 50);
    AuditSample sample = VerifierAudit.builder().seed(3).clock(CLOCK).build().sample(pop.items);
    // the review queue: each sampled item goes to a person; here the person knows the planted
    // truth, and skips two
    List<SecondOpinion> answers = new ArrayList<>();
    for (int i = 0; i < sample.items().size(); i++) {
      AuditItem item = sample.items().get(i);
      answers.add(
          i < 2
              ? SecondOpinion.UNDECIDED
              : pop.misreadCorrect.contains(item.prompt().lastUserText())
                  ? SecondOpinion.CORRECT
                  : SecondOpinion.INCORRECT);
    }
    AuditResult r = sample.conclude(answers);
    assertEquals(2, r.undecided());
    assertEquals(98, r.decided());
    AuditResult byParser =
        sample.run(NumericAnswerCheck.of(p -> pop.references.get(p.lastUserText())));
    assertEquals(0, byParser.undecided());
    assertTrue(Math.abs(byParser.foundCorrect() - r.foundCorrect()) <= 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> sample.conclude(answers.subList(0, 10)));
    assertTrue(
        e.getMessage().contains("opinions") && e.getMessage().contains("10"), e.getMessage());
  }

  @Test
  void aJudgePlugsInAsASecondCheck() {
    LlmJudgeReward judge =
        LlmJudgeReward.builder(
                request -> {
                  String text = request.messages().get(0).content();
                  if (text.contains("garbled")) {
                    return ChatResponse.ofText("I cannot tell.");
                  }
                  return ChatResponse.ofText(
                      text.contains("answer is 42") ? "Correct. [[9]]" : "Wrong. [[2]]");
                })
            .build();
    SecondCheck check = SecondCheck.fromJudge(judge, 7);
    Prompt q = Prompt.of("What is 6 times 7?");
    assertEquals(
        SecondOpinion.CORRECT, check.check(q, Completion.of("The answer is 42. Check: 43")));
    assertEquals(SecondOpinion.INCORRECT, check.check(q, Completion.of("The answer is 41.")));
    assertEquals(SecondOpinion.UNDECIDED, check.check(q, Completion.of("garbled")));
  }

  @Test
  void aFailingSecondCheckStopsTheAuditKeepingTheCause() {
    Population pop = new Population(3, 10, 20, 5, 0);
    UncheckedIOException io =
        new UncheckedIOException(new IOException("review service unreachable"));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                VerifierAudit.builder()
                    .build()
                    .run(
                        pop.items,
                        (p, c) -> {
                          throw io;
                        }));
    assertSame(io, e.getCause());
    assertTrue(e.getMessage().contains("audited item 1 of 20"), e.getMessage());
    IllegalStateException nul =
        assertThrows(
            IllegalStateException.class,
            () -> VerifierAudit.builder().build().run(pop.items, (p, c) -> null));
    assertTrue(nul.getMessage().contains("UNDECIDED"), nul.getMessage());
  }

  @Test
  void aSecondCheckThatErrsMeasuresTheMixtureNotTheRate() {
    // A second check that calls a wrong answer correct with probability a = 0.1 measures q(1 − b) +
    // (1 − q)a
    // = 0.15 + 0.85 · 0.1 = 0.235 for q = 0.15, b = 0: the audit reports what its check says
    // (README).
    double sum = 0;
    int runs = 60;
    for (int seed = 0; seed < runs; seed++) {
      Population pop = new Population(500 + seed, 300, 400, 60, 0);
      SplittableRandom noise = new SplittableRandom(seed);
      NumericAnswerCheck parser = NumericAnswerCheck.of(p -> pop.references.get(p.lastUserText()));
      SecondCheck sloppy =
          (p, c) -> {
            SecondOpinion o = parser.check(p, c);
            return o == SecondOpinion.INCORRECT && noise.nextDouble() < 0.1
                ? SecondOpinion.CORRECT
                : o;
          };
      RateEstimate q =
          VerifierAudit.builder().seed(seed).build().run(pop.items, sloppy).falseNegativeRate();
      assertNotNull(q);
      sum += q.estimate();
    }
    assertEquals(0.235, sum / runs, 0.015);
  }

  @Test
  void badInputIsNamed() {
    assertNamed(() -> VerifierAudit.builder().sampleSize(0), "sampleSize", "0");
    assertNamed(() -> VerifierAudit.builder().alpha(1.0), "alpha", "1.0");
    assertNamed(
        () -> VerifierAudit.builder().maxFalseNegativeRate(1.0), "maxFalseNegativeRate", "1.0");
    assertNamed(() -> VerifierAudit.builder().maxUndecidedShare(-0.1), "maxUndecidedShare", "-0.1");
    assertNamed(() -> VerifierAudit.builder().zeroAtMost(Double.NaN), "zeroAtMost", "NaN");
    assertNamed(
        () -> new AuditResult("a", 5, 0, 0, 4, 2, 0, 0.05, 0.1, 0.2, NOW), "zeros (5)", "6");
    assertNamed(() -> new RateEstimate(0.5, 0.6, 0.7), "lower <= estimate <= upper", "0.6");
    List<AuditItem> withNull = new ArrayList<>();
    withNull.add(null);
    NullPointerException npe =
        assertThrows(
            NullPointerException.class, () -> VerifierAudit.builder().build().sample(withNull));
    assertTrue(npe.getMessage().contains("items[0]"), npe.getMessage());
    NumericAnswerCheck noRef = NumericAnswerCheck.of(p -> null);
    assertNamed(
        () -> noRef.check(Prompt.of("Why?"), Completion.of("42")), "no reference answer", "Why?");
    NumericAnswerCheck wordRef = NumericAnswerCheck.of(p -> "many");
    assertNamed(
        () -> wordRef.check(Prompt.of("Why?"), Completion.of("42")), "reference answer", "many");
  }

  @Test
  void theSecondParserReadsFormsTheRuleDoesNot() {
    String[][] cases = {
      {"\\boxed{\\frac{1}{2}}", "0.5"},
      {"\\boxed{\\dfrac{3}{4}}", "0.75"},
      {"so \\fbox{-7}", "-7"},
      {"The answer is 42. Check: 42 + 1 = 43.", "42"},
      {"Answer: forty-two", "42"},
      {"the answer is twelve apples", "12"},
      {"#### 1{,}234", "1234"},
      {"it costs \\$1,234.50 in total", "1234.5"},
      {"−3 is what remains", "-3"},
      {"we get 3/4 of the cake", "0.75"},
    };
    for (String[] c : cases) {
      Double v = NumericAnswerCheck.answer(c[0]);
      assertNotNull(v, c[0]);
      assertEquals(Double.parseDouble(c[1]), v, 1e-12, c[0]);
    }
    assertNull(NumericAnswerCheck.answer("I am not sure."));
    assertNull(NumericAnswerCheck.answer("\\boxed{x}"));
    NumericAnswerCheck half = NumericAnswerCheck.of(p -> "\\frac{1}{2}");
    assertEquals(SecondOpinion.CORRECT, half.check(Prompt.of("q"), Completion.of("\\boxed{0.5}")));
    assertEquals(
        SecondOpinion.INCORRECT, half.check(Prompt.of("q"), Completion.of("\\boxed{0.49}")));
    assertEquals(SecondOpinion.UNDECIDED, half.check(Prompt.of("q"), Completion.of("no idea")));
  }

  private static AuditResult result(
      int correct, int incorrect, int undecided, long zeros, double alpha) {
    return new AuditResult(
        "verifier_audit", zeros, 100, 0, correct, incorrect, undecided, alpha, 0.10, 0.20, NOW);
  }

  private static void assertNamed(Executable call, String name, String value) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(name) && e.getMessage().contains(value), e.getMessage());
  }
}
