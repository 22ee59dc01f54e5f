package dev.align4j.rewards.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.StepMetrics;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.rule.ReferenceAnswerRule;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AbstentionMeterTest {
  private static final Prompt Q = Prompt.of("What is 6 times 7?");

  @Test
  void countsPerReasonAndPublishesTheRatesUnderTheirMetricNames() {
    AbstentionMeter meter = AbstentionMeter.builder("correct").build();
    Verifier rule = meter.watch(ReferenceAnswerRule.numeric(p -> "42"));
    for (String text :
        List.of(
            "42",
            "41",
            "no idea",
            "",
            "\\boxed{x}",
            "\\boxed{\\frac{1}{2}}",
            "#### 42",
            "nothing here",
            "42",
            "43")) {
      rule.score(Q, Completion.of(text));
    }
    AbstentionStats s = meter.snapshot();
    assertEquals(10, s.verdicts());
    assertEquals(5, s.abstentions());
    assertEquals(5, s.scored());
    assertEquals(3L, s.byReason().get(AbstentionReason.NO_ANSWER));
    assertEquals(1L, s.byReason().get(AbstentionReason.UNPARSEABLE));
    assertEquals(1L, s.byReason().get(AbstentionReason.UNSUPPORTED_FORMAT));
    assertEquals(0L, s.byReason().get(AbstentionReason.TIMEOUT));
    Map<String, Double> m = s.metrics();
    assertEquals(
        List.of(
            "rewards/correct/abstention_rate",
            "rewards/correct/abstention_rate/no_answer",
            "rewards/correct/abstention_rate/unparseable",
            "rewards/correct/abstention_rate/unsupported_format",
            "rewards/correct/abstention_rate/timeout",
            "rewards/correct/abstentions",
            "rewards/correct/verdicts"),
        new ArrayList<>(m.keySet()));
    assertEquals(0.5, m.get("rewards/correct/abstention_rate"));
    assertEquals(0.3, m.get("rewards/correct/abstention_rate/no_answer"), 1e-15);
    assertEquals(0.1, m.get("rewards/correct/abstention_rate/unparseable"), 1e-15);
    assertEquals(0.0, m.get("rewards/correct/abstention_rate/timeout"));
    assertEquals(5, s.examples().size());
    AbstentionExample unparseable =
        s.examples().stream()
            .filter(e -> e.reason() == AbstentionReason.UNPARSEABLE)
            .findFirst()
            .orElseThrow();
    assertEquals("\\boxed{x}", unparseable.completion());
    assertEquals("What is 6 times 7?", unparseable.prompt());
  }

  @Test
  void theMetricsTravelInAStepMetricsForTheTrainingMonitor() {
    AbstentionMeter meter = AbstentionMeter.builder("correct").build();
    Verifier rule = meter.watch(ReferenceAnswerRule.numeric(p -> "42"));
    rule.score(Q, Completion.of("no idea"));
    rule.score(Q, Completion.of("41"));
    rule.score(Q, Completion.of("42"));
    rule.score(Q, Completion.of("\\boxed{\\frac{1}{2}}"));
    StepMetrics step = new StepMetrics(1, meter.snapshotAndReset().metrics());
    assertEquals(0.5, step.get("rewards/correct/abstention_rate"));
    assertEquals(0.25, step.get("rewards/correct/abstention_rate/unsupported_format"));
    assertEquals(4.0, step.get("rewards/correct/verdicts"));
  }

  @Test
  void withoutVerdictsTheRatesAreAbsentNotZero() {
    AbstentionStats s = AbstentionMeter.builder("fmt").build().snapshot();
    assertEquals(Map.of("rewards/fmt/abstentions", 0.0, "rewards/fmt/verdicts", 0.0), s.metrics());
    IllegalStateException e = assertThrows(IllegalStateException.class, s::rate);
    assertTrue(e.getMessage().contains("\"fmt\""), e.getMessage());
  }

  @Test
  void snapshotAndResetStartsAFreshWindow() {
    AbstentionMeter meter = AbstentionMeter.builder("v").build();
    meter.record(Q, Completion.of("a"), Verdict.abstained(AbstentionReason.TIMEOUT, "slow"));
    meter.record(Q, Completion.of("b"), Verdict.scored(1));
    AbstentionStats first = meter.snapshotAndReset();
    assertEquals(0.5, first.rate());
    meter.record(Q, Completion.of("c"), Verdict.scored(0));
    AbstentionStats second = meter.snapshot();
    assertEquals(1, second.verdicts());
    assertEquals(0.0, second.rate());
    assertTrue(second.examples().isEmpty());
  }

  @Property(trials = 20)
  void keepsABoundedUniformSampleOfExamplesPerReason(Gen gen) {
    int bound = gen.intIn(1, 6);
    int n = gen.intIn(bound + 1, 400);
    long seed = gen.random().nextLong();
    AbstentionMeter a =
        AbstentionMeter.builder("v")
            .examplesPerReason(bound)
            .random(new SplittableRandom(seed))
            .build();
    AbstentionMeter b =
        AbstentionMeter.builder("v")
            .examplesPerReason(bound)
            .random(new SplittableRandom(seed))
            .build();
    for (int i = 0; i < n; i++) {
      Verdict v =
          Verdict.abstained(
              i % 2 == 0 ? AbstentionReason.NO_ANSWER : AbstentionReason.TIMEOUT, "#" + i);
      a.record(Q, Completion.of("c" + i), v);
      b.record(Q, Completion.of("c" + i), v);
    }
    AbstentionStats s = a.snapshot();
    assertEquals(Math.min(bound, (n + 1) / 2) + Math.min(bound, n / 2), s.examples().size());
    assertEquals(s.examples(), b.snapshot().examples(), "the same seed keeps the same examples");
    assertEquals(n, s.abstentions());
  }

  @Test
  void reservoirIsUniformOverTheStream() {
    // Algorithm R keeps each of N items with probability k/N: over 4,000 seeded runs of N = 20, k =
    // 2, each item is
    // kept about 400 times (binomial sd about 19); every count must lie within 5 sd.
    int[] kept = new int[20];
    for (int run = 0; run < 4_000; run++) {
      AbstentionMeter m =
          AbstentionMeter.builder("v")
              .examplesPerReason(2)
              .random(new SplittableRandom(run))
              .build();
      for (int i = 0; i < 20; i++) {
        m.record(
            Q,
            Completion.of(Integer.toString(i)),
            Verdict.abstained(AbstentionReason.NO_ANSWER, "x"));
      }
      for (AbstentionExample e : m.snapshot().examples()) {
        kept[Integer.parseInt(e.completion())]++;
      }
    }
    for (int i = 0; i < 20; i++) {
      assertTrue(Math.abs(kept[i] - 400) < 5 * 19, "item " + i + " kept " + kept[i] + " times");
    }
  }

  @Test
  void concurrentCallersLoseNoVerdict() throws Exception {
    AbstentionMeter meter = AbstentionMeter.builder("v").build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    meter.record(
                        Q,
                        Completion.of("x"),
                        i % 5 == 0
                            ? Verdict.abstained(AbstentionReason.NO_ANSWER, "none")
                            : Verdict.scored(0));
                  }
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    AbstentionStats s = meter.snapshot();
    assertEquals(20_000, s.verdicts());
    assertEquals(4_000, s.abstentions());
  }

  @Test
  void examplesKeepOnlyExcerpts() {
    AbstentionMeter meter = AbstentionMeter.builder("v").build();
    meter.record(
        Q, Completion.of("y".repeat(5_000)), Verdict.abstained(AbstentionReason.NO_ANSWER, "none"));
    String kept = meter.snapshot().examples().get(0).completion();
    assertEquals(AbstentionMeter.EXCERPT_CHARS, kept.length());
    assertFalse(kept.contains("y".repeat(AbstentionMeter.EXCERPT_CHARS)));
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException slash =
        assertThrows(IllegalArgumentException.class, () -> AbstentionMeter.builder("a/b"));
    assertTrue(
        slash.getMessage().contains("name") && slash.getMessage().contains("a/b"),
        slash.getMessage());
    IllegalArgumentException bound =
        assertThrows(
            IllegalArgumentException.class,
            () -> AbstentionMeter.builder("v").examplesPerReason(-1));
    assertTrue(
        bound.getMessage().contains("examplesPerReason") && bound.getMessage().contains("-1"),
        bound.getMessage());
    EnumMap<AbstentionReason, Long> tooMany = new EnumMap<>(AbstentionReason.class);
    tooMany.put(AbstentionReason.TIMEOUT, 3L);
    IllegalArgumentException counts =
        assertThrows(
            IllegalArgumentException.class, () -> new AbstentionStats("v", 2, tooMany, List.of()));
    assertTrue(counts.getMessage().contains("must not exceed verdicts (2)"), counts.getMessage());
  }
}
