package dev.align4j.rewards.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RewardModel;
import dev.align4j.core.eval.HealthSignal;
import dev.align4j.core.eval.HealthStatus;
import dev.align4j.core.eval.LengthBiasVerdict;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.math.StableMath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.rule.LengthUnit;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RewardModelEvaluatorTest {
  private static final Prompt Q = Prompt.of("q");

  /** Pairs whose "true quality" is a hidden number per text; a perfect model knows it. */
  private static List<PreferenceCase> pairs(Gen gen, Map<String, Double> quality) {
    List<PreferenceCase> out = new ArrayList<>();
    int n = gen.intIn(1, 40);
    for (int i = 0; i < n; i++) {
      String a = "c" + i + "a" + gen.random().nextInt(1000);
      String b = "c" + i + "b" + gen.random().nextInt(1000);
      double qa = gen.gaussian();
      double qb = qa + gen.doubleIn(1e-3, 3);
      quality.put(a, qa);
      quality.put(b, qb);
      out.add(
          new PreferenceCase(
              Q, Completion.of(b), Completion.of(a), gen.oneOf("chat", "safety", "math-prm")));
    }
    return out;
  }

  @Property(trials = 100)
  void perfectModelScoresOneAndItsNegationZero(Gen gen) {
    Map<String, Double> quality = new HashMap<>();
    List<PreferenceCase> cases = pairs(gen, quality);
    RewardModel perfect = (p, c) -> quality.get(c.text());
    RewardModel negated = (p, c) -> -quality.get(c.text());
    RewardModelEvaluator ev = RewardModelEvaluator.standard();
    assertEquals(1.0, ev.evaluate(perfect, cases).pairwiseAccuracy());
    assertEquals(0.0, ev.evaluate(negated, cases).pairwiseAccuracy());
    for (CategoryResult r : ev.evaluate(perfect, cases).categories().values()) {
      assertEquals(1.0, r.accuracy());
    }
  }

  @Property(trials = 50)
  void aConstantModelGetsEveryPairWrongBecauseTiesCountAsWrong(Gen gen) {
    Map<String, Double> quality = new HashMap<>();
    List<PreferenceCase> cases = pairs(gen, quality);
    double c = gen.moderate(10);
    EvaluationReport r = RewardModelEvaluator.standard().evaluate((p, x) -> c, cases);
    assertEquals(0.0, r.pairwiseAccuracy());
    assertNull(r.lengthPearson(), "score is constant, so its correlation with length is undefined");
  }

  @Test
  void lengthBiasMetricDetectsARewardThatIsAFunctionOfLengthAlone() {
    List<PreferenceCase> cases = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 60; i++) {
      cases.add(
          new PreferenceCase(
              Q,
              Completion.of("word ".repeat(1 + r.nextInt(50)) + i),
              Completion.of("token ".repeat(1 + r.nextInt(50)) + "x" + i),
              "chat"));
    }
    RewardModel byLength = (p, c) -> Math.log1p(c.text().split("\\s+").length);
    EvaluationReport biased = RewardModelEvaluator.standard().evaluate(byLength, cases);
    assertEquals(1.0, biased.lengthSpearman(), 1e-12);
    assertTrue(biased.lengthPearson() > 0.9, "pearson " + biased.lengthPearson());
    RewardModel content = (p, c) -> c.text().hashCode() % 1000 / 1000.0;
    EvaluationReport unbiased = RewardModelEvaluator.standard().evaluate(content, cases);
    assertTrue(Math.abs(unbiased.lengthSpearman()) < 0.3, "spearman " + unbiased.lengthSpearman());
  }

  /**
   * scipy 1.17: {@code pearsonr(s, l)} and its {@code confidence_interval(0.95)} (Fisher z) for l = 1..12 words and
   * s from numpy's {@code default_rng(5)}: 0.3·l + N(0, 1) gives r = 0.8214, [0.4682, 0.9483] (biased); pure noise
   * gives r = −0.0586, [−0.6119, 0.5332] (inconclusive: 12 completions cannot rule out a bias).
   */
  @Test
  void lengthBiasVerdictMatchesScipyAndIsAHealthSignal() {
    double[] biased = {
      -0.502, -0.724, 0.652, 1.62, 2.636, 1.91, 1.547, 1.615, 3.449, 4.635, 3.573, 2.367
    };
    double[] noise = {
      -0.958, 1.6, 0.203, -1.732, -0.084, -1.163, -0.629, -0.488, -0.713, 0.553, -0.063, -0.589
    };
    List<PreferenceCase> cases = new ArrayList<>();
    for (int k = 1; k <= 12; k += 2) {
      cases.add(
          new PreferenceCase(
              Q,
              Completion.of("w ".repeat(k).trim()),
              Completion.of("w ".repeat(k + 1).trim()),
              "chat"));
    }
    RewardModel byTable = (p, c) -> biased[c.text().split(" ").length - 1];
    EvaluationReport r = RewardModelEvaluator.standard().evaluate(byTable, cases);
    assertEquals(0.8214061544648438, r.lengthPearson(), 1e-12);
    assertEquals(0.46823211654776054, r.lengthBias().lower(), 1e-9);
    assertEquals(0.948281757563551, r.lengthBias().upper(), 1e-9);
    assertEquals(12, r.lengthBias().n());
    assertEquals(LengthBiasVerdict.Verdict.BIASED, r.lengthBias().verdict());
    HealthSignal gate = r.lengthBias();
    assertEquals(HealthStatus.State.FAILED, gate.status().state());
    assertEquals("reward_model", gate.status().source());
    assertTrue(r.toTable().contains("length bias: length_pearson 0.821"), r.toTable());
    RewardModel byNoise = (p, c) -> noise[c.text().split(" ").length - 1];
    EvaluationReport n = RewardModelEvaluator.standard().evaluate(byNoise, cases);
    assertEquals(-0.05864211815330935, n.lengthPearson(), 1e-12);
    assertEquals(-0.6119487194640134, n.lengthBias().lower(), 1e-9);
    assertEquals(0.5332043893715772, n.lengthBias().upper(), 1e-9);
    assertEquals(LengthBiasVerdict.Verdict.INCONCLUSIVE, n.lengthBias().verdict());
    assertNull(RewardModelEvaluator.standard().evaluate((p, c) -> 1.0, cases).lengthBias());
  }

  @Test
  void bestOfFourFollowsRewardBench2() {
    Completion good = Completion.of("good");
    List<Completion> bad = List.of(Completion.of("b1"), Completion.of("b2"), Completion.of("b3"));
    BestOfNCase c = new BestOfNCase(Q, good, bad, "math");
    RewardModelEvaluator ev = RewardModelEvaluator.standard();
    Map<String, Double> s = new HashMap<>(Map.of("good", 2.0, "b1", 1.0, "b2", 2.0, "b3", 0.0));
    RewardModel m = (p, x) -> s.get(x.text());
    EvaluationReport r = ev.evaluate(m, List.of(), List.of(c, c), List.of());
    assertEquals(0.5, r.bestOfNAccuracy(), 1e-12);
    assertEquals(0.25, r.bestOfNChance(), 1e-12);
    s.put("b1", 3.0);
    assertEquals(0.0, ev.evaluate(m, List.of(), List.of(c), List.of()).bestOfNAccuracy());
    s.put("b1", 0.0);
    s.put("b2", 0.0);
    assertEquals(1.0, ev.evaluate(m, List.of(), List.of(c), List.of()).bestOfNAccuracy());
    assertNull(ev.evaluate(m, List.of(), List.of(c), List.of()).pairwiseAccuracy());
  }

  @Test
  void sectionsAreCountWeightedWithMathMatchingCode() {
    List<PreferenceCase> cases = new ArrayList<>();
    // chat: 3 right of 4 in alpacaeval-easy, 0 of 1 in mt-bench-easy → (3 + 0) / 5 = 0.6
    for (int i = 0; i < 4; i++) {
      cases.add(
          new PreferenceCase(
              Q,
              Completion.of("good" + i),
              Completion.of(i < 3 ? "bad" + i : "zzgood" + i),
              "alpacaeval-easy"));
    }
    cases.add(
        new PreferenceCase(Q, Completion.of("bad-x"), Completion.of("good-x"), "mt-bench-easy"));
    // reasoning: math-prm 1 pair right; hep-go 3 pairs all wrong → math weighs 3, hep-go 3 → 0.5
    cases.add(new PreferenceCase(Q, Completion.of("good-m"), Completion.of("bad-m"), "math-prm"));
    for (int i = 0; i < 3; i++) {
      cases.add(
          new PreferenceCase(Q, Completion.of("bad-h" + i), Completion.of("good-h" + i), "hep-go"));
    }
    RewardModel m = (p, c) -> c.text().startsWith("good") ? 1 : c.text().startsWith("zz") ? 2 : 0;
    EvaluationReport r =
        RewardModelEvaluator.of(SectionScheme.rewardBench(), LengthUnit.WORDS, 10)
            .evaluate(m, cases);
    assertEquals(0.6, r.sections().get("Chat"), 1e-12);
    assertEquals(0.5, r.sections().get("Reasoning"), 1e-12);
    assertEquals(0.55, r.sectionScore(), 1e-12);
    assertTrue(r.toTable().contains("section Chat") && r.toTable().contains("0.6000"), r.toTable());
  }

  @Test
  void calibrationErrorIsSmallForACalibratedModelAndLargeForAnOverconfidentOne() {
    SplittableRandom r = new SplittableRandom(7);
    List<PreferenceCase> cases = new ArrayList<>();
    Map<String, Double> score = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      double d = 3 * r.nextGaussian();
      boolean firstWins = r.nextDouble() < StableMath.sigmoid(d);
      String a = "a" + i;
      String b = "b" + i;
      score.put(a, d);
      score.put(b, 0.0);
      cases.add(
          firstWins
              ? new PreferenceCase(Q, Completion.of(a), Completion.of(b), "x")
              : new PreferenceCase(Q, Completion.of(b), Completion.of(a), "x"));
    }
    RewardModelEvaluator ev = RewardModelEvaluator.standard();
    double calibrated =
        ev.evaluate((p, c) -> score.get(c.text()), cases).expectedCalibrationError();
    double overconfident =
        ev.evaluate((p, c) -> 10 * score.get(c.text()), cases).expectedCalibrationError();
    assertTrue(calibrated < 0.02, "calibrated ECE " + calibrated);
    assertTrue(overconfident > 0.05, "overconfident ECE " + overconfident);
  }

  @Test
  void agreementWithHumansSkipsTiesAndCountsScoreTiesAsDisagreement() {
    Provenance who = Provenance.human("ann", Instant.EPOCH);
    Completion x = Completion.of("x");
    Completion yy = Completion.of("yy");
    List<PairwiseComparison> labels =
        List.of(
            PairwiseComparison.preferring(Q, yy, x, who),
            new PairwiseComparison(Q, x, yy, Outcome.B, null, null, Presentation.UNKNOWN, who),
            new PairwiseComparison(Q, x, yy, Outcome.A, null, null, Presentation.UNKNOWN, who),
            new PairwiseComparison(Q, x, yy, Outcome.TIE, null, null, Presentation.UNKNOWN, who));
    EvaluationReport r =
        RewardModelEvaluator.standard()
            .evaluate((p, c) -> c.text().length(), List.of(), List.of(), labels);
    assertEquals(3, r.humanCount());
    assertEquals(2.0 / 3, r.humanAgreement(), 1e-12);
    EvaluationReport constant =
        RewardModelEvaluator.standard().evaluate((p, c) -> 1, List.of(), List.of(), labels);
    assertEquals(0.0, constant.humanAgreement());
  }

  @Test
  void badInput() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RewardModelEvaluator.standard().evaluate((p, c) -> 1, List.of()));
    assertTrue(e.getMessage().contains("nothing to evaluate"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PreferenceCase(Q, Completion.of("same"), Completion.of("same"), "c"));
    assertTrue(e.getMessage().contains("must differ"), e.getMessage());
    var ise =
        assertThrows(
            IllegalStateException.class,
            () ->
                RewardModelEvaluator.standard()
                    .evaluate(
                        (p, c) -> Double.NaN,
                        List.of(
                            new PreferenceCase(Q, Completion.of("a"), Completion.of("b"), "c"))));
    assertTrue(ise.getMessage().contains("non-finite"), ise.getMessage());
  }
}
