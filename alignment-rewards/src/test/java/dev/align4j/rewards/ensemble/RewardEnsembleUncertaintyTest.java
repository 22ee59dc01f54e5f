package dev.align4j.rewards.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.FeatureVector;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.train.OptimizerSettings;
import dev.align4j.rewards.train.RewardModelTrainer;
import dev.align4j.rewards.train.TrainingSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RewardEnsembleUncertaintyTest {
  private static final Prompt Q = Prompt.of("q");
  static final List<String> GOOD =
      List.of(
          "thanks",
          "please",
          "glad",
          "help",
          "certainly",
          "welcome",
          "kindly",
          "happy",
          "sure",
          "gladly");
  static final List<String> BAD =
      List.of("go", "away", "no", "whatever", "stop", "later", "busy", "nope", "ugh", "meh");
  static final List<String> FILLER =
      List.of("the", "a", "it", "is", "to", "you", "we", "and", "for", "this");
  static final List<String> NOVEL =
      List.of(
          "zebra",
          "quantum",
          "marmalade",
          "obsidian",
          "tundra",
          "violin",
          "glacier",
          "pumpkin",
          "nebula",
          "walrus",
          "saffron",
          "lagoon",
          "tornado",
          "meadow",
          "cobalt",
          "falcon");

  static String words(List<String> a, int na, List<String> b, int nb, SplittableRandom r) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < na; i++) {
      out.add(a.get(r.nextInt(a.size())));
    }
    for (int i = 0; i < nb; i++) {
      out.add(b.get(r.nextInt(b.size())));
    }
    Collections.shuffle(out, new Random(r.nextLong()));
    return String.join(" ", out);
  }

  static TrainingSet data(long seed, List<Completion> seen) {
    SplittableRandom r = new SplittableRandom(seed);
    var who = Provenance.human("t", Instant.EPOCH);
    List<PairwiseComparison> pairs = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      Completion c = Completion.of(words(GOOD, 3, FILLER, 3, r));
      Completion x = Completion.of(words(BAD, 3, FILLER, 3, r));
      pairs.add(PairwiseComparison.preferring(Q, c, x, who));
      seen.add(c);
      seen.add(x);
    }
    var f = HashedNGramFeaturizer.builder().dimension(2048).build();
    return TrainingSet.builder(f).addAll(pairs).build();
  }

  static double meanStd(RewardEnsemble e, List<Completion> cs) {
    double s = 0;
    for (Completion c : cs) {
      s += e.evaluate(Q, c).std();
    }
    return s / cs.size();
  }

  static final RewardModelTrainer TRAINER =
      RewardModelTrainer.builder()
          .optimizer(OptimizerSettings.adamW().withLearningRate(0.05))
          .epochs(30)
          .build();

  /** {@code [σ(held-out vocabulary) / σ(seen), σ(half-novel outputs) / σ(seen)]}, σ averaged over outputs. */
  static double[] ratios(TrainingSet set, List<Completion> seen, RewardEnsemble e, long seed) {
    SplittableRandom r = new SplittableRandom(seed + 7);
    List<Completion> novel = new ArrayList<>();
    List<Completion> drift = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      novel.add(Completion.of(words(NOVEL, 6, FILLER, 0, r)));
      drift.add(Completion.of(words(GOOD, 3, NOVEL, 3, r)));
    }
    double s = meanStd(e, seen.subList(0, 80));
    return new double[] {meanStd(e, novel) / s, meanStd(e, drift) / s};
  }

  /**
   * Mean σ over training-like outputs (3 rewarded words, 3 filler words) whose filler words are replaced, 0 to 3 of
   * them, by words never seen in training: a policy drifting away from the data while keeping what is rewarded.
   */
  static double[] driftCurve(RewardEnsemble e, long seed) {
    double[] out = new double[4];
    for (int level = 0; level < 4; level++) {
      SplittableRandom r = new SplittableRandom(seed * 31 + level);
      List<Completion> cs = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        cs.add(
            Completion.of(
                words(GOOD, 3, FILLER, 3 - level, r) + " " + words(NOVEL, level, NOVEL, 0, r)));
      }
      out[level] = meanStd(e, cs);
    }
    return out;
  }

  /**
   * The defaults (random priors, β = 3, centred members): on five seeds the spread on held-out vocabulary and on
   * outputs that mix trained and novel words exceeds the spread on the training completions by a margin (measured:
   * held-out 1.29–1.70, drifted 1.43–1.61); members that differ only in their seed agree perfectly on novel text
   * (ratio 0) and less than on the training data on drifted text (0.30–0.51).
   */
  @Test
  void defaultMembersDisagreeMoreOnHeldOutVocabularyAndDriftedOutputs() {
    double novelSum = 0;
    double driftSum = 0;
    for (long seed = 1; seed <= 5; seed++) {
      List<Completion> seen = new ArrayList<>();
      TrainingSet set = data(seed, seen);
      double[] r = ratios(set, seen, RewardEnsemble.train(TRAINER, set, 5, seed * 100), seed);
      assertTrue(
          r[0] > 1.2 && r[1] > 1.2,
          "seed " + seed + ": held-out/seen " + r[0] + ", drifted/seen " + r[1]);
      novelSum += r[0];
      driftSum += r[1];
      double[] old =
          ratios(
              set,
              seen,
              RewardEnsemble.training(TRAINER).priorScale(0).seed(seed * 100).build().train(set),
              seed);
      assertTrue(
          old[0] < 0.1 && old[1] < 1,
          "seed-only members, seed " + seed + ": " + old[0] + ", " + old[1]);
    }
    assertTrue(
        novelSum / 5 > 1.4 && driftSum / 5 > 1.4,
        "mean ratios " + novelSum / 5 + ", " + driftSum / 5);
  }

  @Test
  void spreadGrowsAsOutputsDriftFromTheTrainingVocabulary() {
    double[] mean = new double[4];
    for (long seed = 1; seed <= 3; seed++) {
      List<Completion> seen = new ArrayList<>();
      RewardEnsemble e = RewardEnsemble.train(TRAINER, data(seed, seen), 5, seed * 100);
      double[] curve = driftCurve(e, seed);
      assertTrue(
          curve[3] > 1.2 * curve[0], "seed " + seed + " σ by drift " + Arrays.toString(curve));
      for (int level = 0; level < 4; level++) {
        mean[level] += curve[level] / 3;
      }
    }
    for (int level = 1; level < 4; level++) {
      assertTrue(mean[level] > mean[level - 1], "mean σ by drift " + Arrays.toString(mean));
    }
  }

  /**
   * What the spread is for: a policy that drifts into novel vocabulary while keeping the rewarded words. μ − σ
   * takes more from such outputs than from training-like ones (seed-only members take nothing from novel text).
   */
  @Test
  void conservativeScorePenalisesNovelOutputs() {
    for (long seed = 1; seed <= 3; seed++) {
      List<Completion> seen = new ArrayList<>();
      RewardEnsemble e = RewardEnsemble.train(TRAINER, data(seed, seen), 5, seed * 100);
      SplittableRandom r = new SplittableRandom(seed + 99);
      double honestPenalty = 0;
      double driftedPenalty = 0;
      double honestGap = 0;
      for (int i = 0; i < 100; i++) {
        EnsembleScore honest = e.evaluate(Q, Completion.of(words(GOOD, 3, FILLER, 3, r)));
        EnsembleScore drifted = e.evaluate(Q, Completion.of(words(GOOD, 3, NOVEL, 3, r)));
        honestPenalty += (honest.mean() - honest.conservative()) / 100;
        driftedPenalty += (drifted.mean() - drifted.conservative()) / 100;
        honestGap +=
            (honest.conservative() - drifted.conservative() - honest.mean() + drifted.mean()) / 100;
      }
      // μ − σ takes more from the drifted outputs than from the training-like ones, by a margin
      assertTrue(
          driftedPenalty > 1.25 * honestPenalty && honestGap > 0.3,
          "seed "
              + seed
              + ": mean penalty honest "
              + honestPenalty
              + ", drifted "
              + driftedPenalty);
    }
  }

  @Test
  void aMembersScoreOnUnseenFeaturesIsItsCentredPrior() {
    List<Completion> seen = new ArrayList<>();
    TrainingSet set = data(1, seen);
    RewardEnsemble e = RewardEnsemble.training(TRAINER).members(2).seed(5).build().train(set);
    PriorMember m = (PriorMember) e.members().get(0);
    Completion novel = Completion.of("zebra quantum marmalade");
    // the linear head never saw these features: its weights there are still 0, only its bias b
    // remains
    float[] params = m.trained().head().parameters();
    double bias = params[params.length - 1];
    assertEquals(m.priorScore(Q, novel) + bias - m.shift(), m.score(Q, novel), 1e-5);
    // centred: the member's mean over the training completions is 0
    double mean = 0;
    for (Completion c : seen) {
      mean += m.score(Q, c) / seen.size();
    }
    assertEquals(0.0, mean, 1e-4);
  }

  @Test
  void randomPriorIsNormalWithStandardDeviationBetaOnAnyInput() {
    FeatureVector x = FeatureVector.dense(new double[] {3, 0, 1, 0, 0, 2, 0, 0});
    FeatureVector longer = FeatureVector.dense(new double[] {30, 0, 10, 0, 0, 20, 0, 0});
    SplittableRandom r = new SplittableRandom(3);
    int n = 20_000;
    double s = 0;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      RandomPrior p = RandomPrior.draw(8, 3.0, r);
      double v = p.applyAsDouble(x);
      assertEquals(v, p.applyAsDouble(longer), 1e-5); // scale-free in the input's length
      s += v;
      ss += v * v;
    }
    double mean = s / n;
    double sd = Math.sqrt(ss / n - mean * mean);
    // N(0, 9): the sample mean's standard error is 3/√20000 = 0.021, the sd's 3/√40000 = 0.015
    assertEquals(0.0, mean, 0.1);
    assertEquals(3.0, sd, 0.075);
    assertEquals(
        0.0, RandomPrior.draw(8, 3.0, r).applyAsDouble(FeatureVector.dense(new double[8])), 0.0);
    var e = assertThrows(IllegalArgumentException.class, () -> RandomPrior.draw(8, -1, r));
    assertTrue(e.getMessage().contains("scale"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RandomPrior.draw(8, 1, r).applyAsDouble(FeatureVector.dense(new double[3])));
    assertTrue(e.getMessage().contains("must be 8"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RewardEnsemble.training(TRAINER).priorScale(Double.NaN));
    assertTrue(e.getMessage().contains("priorScale"), e.getMessage());
  }
}
