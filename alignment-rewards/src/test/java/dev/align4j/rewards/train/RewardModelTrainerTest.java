package dev.align4j.rewards.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.EmbeddingFeaturizer;
import dev.align4j.rewards.feature.FeatureVector;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.model.HeadArchitecture;
import dev.align4j.rewards.model.RewardHead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewardModelTrainerTest {
  private static final Provenance WHO = Provenance.human("tester", Instant.EPOCH);

  @Test
  void bradleyTerryReachesBayesOptimalAccuracyWithinOnePoint() {
    int d = 10;
    double[] w = SyntheticPreferences.randomWeights(d, 0.7, 1);
    SyntheticPreferences train = new SyntheticPreferences(d, 20_000, 0.7, 2, w);
    SyntheticPreferences test = new SyntheticPreferences(d, 20_000, 0.7, 3, w);
    RewardModelTrainer trainer = RewardModelTrainer.builder()
        .optimizer(OptimizerSettings.adamW().withLearningRate(0.02).withWeightDecay(0))
        .epochs(10).batchSize(64).seed(5).build();
    TrainingResult result = trainer.train(TrainingSet.of(d, train.hard));
    RewardHead head = result.head();
    double fitted = SyntheticPreferences.accuracy(test.hard, head::score);
    double bayes = SyntheticPreferences.accuracy(test.hard, x -> SyntheticPreferences.dot(w, x));
    assertTrue(bayes > 0.7, "the task should be learnable, Bayes accuracy " + bayes);
    assertTrue(fitted >= bayes - 0.01, "fitted " + fitted + " vs Bayes-optimal " + bayes);
  }

  @Test
  void lbfgsReachesBayesOptimalAccuracyToo() {
    int d = 10;
    double[] w = SyntheticPreferences.randomWeights(d, 0.7, 11);
    SyntheticPreferences train = new SyntheticPreferences(d, 10_000, 0.7, 12, w);
    SyntheticPreferences test = new SyntheticPreferences(d, 20_000, 0.7, 13, w);
    TrainingResult result = RewardModelTrainer.builder().optimizer(OptimizerSettings.lbfgs()).epochs(100).build()
        .train(TrainingSet.of(d, train.hard));
    double fitted = SyntheticPreferences.accuracy(test.hard, result.head()::score);
    double bayes = SyntheticPreferences.accuracy(test.hard, x -> SyntheticPreferences.dot(w, x));
    assertTrue(fitted >= bayes - 0.01, "fitted " + fitted + " vs Bayes-optimal " + bayes);
  }

  @Test
  void softLabelsBeatHardLabelsWhenLabelsAreNoisy() {
    int d = 30;
    double softWins = 0;
    double hardErr = 0;
    double softErr = 0;
    for (long seed = 0; seed < 5; seed++) {
      double[] w = SyntheticPreferences.randomWeights(d, 0.3, 100 + seed);
      SyntheticPreferences train = new SyntheticPreferences(d, 300, 0.3, 200 + seed, w);
      SyntheticPreferences test = new SyntheticPreferences(d, 5_000, 0.3, 300 + seed, w);
      RewardModelTrainer trainer = RewardModelTrainer.builder().optimizer(OptimizerSettings.lbfgs()).epochs(200)
          .validationFraction(0).l2(1e-3).build();
      RewardHead hard = trainer.train(TrainingSet.of(d, train.hard)).head();
      RewardHead soft = trainer.train(TrainingSet.of(d, train.soft)).head();
      double eh = meanSquaredProbabilityError(test, hard);
      double es = meanSquaredProbabilityError(test, soft);
      hardErr += eh;
      softErr += es;
      if (es < eh) {
        softWins++;
      }
    }
    assertTrue(softWins >= 4, "soft labels won " + softWins + " of 5 seeds");
    assertTrue(softErr < 0.8 * hardErr, "soft " + softErr + " vs hard " + hardErr);
  }

  private static double meanSquaredProbabilityError(SyntheticPreferences test, RewardHead head) {
    double s = 0;
    for (int i = 0; i < test.soft.size(); i++) {
      var p = test.soft.get(i);
      double q = dev.align4j.core.math.StableMath.sigmoid(head.score(p.a()) - head.score(p.b()));
      double e = q - test.truth.get(i);
      s += e * e;
    }
    return s / test.soft.size();
  }

  @Test
  void centeringDrivesMeanRewardToZeroWhilePreservingOrder() {
    int d = 5;
    double[] w = SyntheticPreferences.randomWeights(d, 1, 21);
    List<TrainingExample.Pair> pairs = new ArrayList<>();
    // every candidate has a constant feature 1 at index 0, so an uncentred model may drift along it
    SyntheticPreferences base = new SyntheticPreferences(d, 2000, 1, 22, w);
    for (var p : base.hard) {
      float[] a = p.a().toDense();
      float[] b = p.b().toDense();
      a[0] = 3f;
      b[0] = 3f;
      pairs.add(new TrainingExample.Pair(FeatureVector.dense(a), FeatureVector.dense(b), p.probabilityA(), 0));
    }
    RewardModelTrainer.Builder b = RewardModelTrainer.builder().optimizer(OptimizerSettings.lbfgs()).epochs(200)
        .validationFraction(0);
    RewardHead centered = b.centerRewardsCoefficient(0.01).build().train(TrainingSet.of(d, pairs)).head();
    double mean = 0;
    for (var p : pairs) {
      mean += centered.score(p.a()) + centered.score(p.b());
    }
    mean /= 2 * pairs.size();
    assertEquals(0, mean, 0.05, "mean reward under centering");
  }

  @Test
  void everyObjectiveLearnsItsSignalWithBothHeadsAndOptimizers() {
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(256).build();
    Prompt q = Prompt.of("How do I reset my password?");
    List<Completion> good = new ArrayList<>();
    List<Completion> bad = new ArrayList<>();
    String[] topics = {"password", "account", "email", "login", "settings", "profile", "billing", "security"};
    for (String t : topics) {
      good.add(Completion.of("Sure, happy to help: open " + t + " and follow the steps, thanks"));
      bad.add(Completion.of("No. Figure out " + t + " yourself, stupid question"));
    }
    List<dev.align4j.core.label.Feedback> feedback = new ArrayList<>();
    for (int i = 0; i < good.size(); i++) {
      feedback.add(PairwiseComparison.preferring(q, good.get(i), bad.get(i), WHO));
      feedback.add(new BinaryLabel(q, good.get(i), true, WHO));
      feedback.add(new BinaryLabel(q, bad.get(i), false, WHO));
      feedback.add(new Rating(q, good.get(i), 9, RatingScale.ONE_TO_TEN, WHO));
      feedback.add(new Rating(q, bad.get(i), 2, RatingScale.ONE_TO_TEN, WHO));
      feedback.add(new Ranking(q, List.of(bad.get(i), good.get((i + 1) % good.size())), List.of(1, 0), WHO));
    }
    for (HeadArchitecture head : List.of(HeadArchitecture.linear(), HeadArchitecture.mlp(8))) {
      for (OptimizerSettings opt : List.of(OptimizerSettings.adamW().withLearningRate(0.05), OptimizerSettings.lbfgs())) {
        FeatureRewardModel m = RewardModelTrainer.builder().head(head).optimizer(opt).epochs(60).validationFraction(0)
            .build().train(f, feedback).requireModel();
        Completion unseenGood = Completion.of("Sure, happy to help with your password, thanks");
        Completion unseenBad = Completion.of("No, stupid question, figure it out yourself");
        assertTrue(m.score(q, unseenGood) > m.score(q, unseenBad), head.name() + " " + opt);
      }
    }
  }

  @Test
  void trainingIsDeterministicForASeed() {
    int d = 8;
    double[] w = SyntheticPreferences.randomWeights(d, 1, 31);
    var data = TrainingSet.of(d, new SyntheticPreferences(d, 500, 1, 32, w).hard);
    RewardModelTrainer t = RewardModelTrainer.builder().head(HeadArchitecture.mlp(4)).epochs(3).seed(9).build();
    assertArrayEquals(t.train(data).head().parameters(), t.train(data).head().parameters());
  }

  @Test
  void earlyStoppingKeepsTheBestValidationEpochAndReportsProgress() {
    int d = 40;
    double[] w = SyntheticPreferences.randomWeights(d, 0.3, 41);
    var data = TrainingSet.of(d, new SyntheticPreferences(d, 200, 0.3, 42, w).hard);
    List<TrainingProgress> seen = new ArrayList<>();
    TrainingResult r = RewardModelTrainer.builder().optimizer(OptimizerSettings.adamW().withLearningRate(0.3))
        .epochs(200).patience(2).validationFraction(0.3).listener(seen::add).build().train(data);
    assertTrue(r.stoppedEarly(), "an over-fitting run should stop early");
    assertEquals(seen, r.history());
    double bestLoss = r.history().get(r.bestEpoch() - 1).validationLoss();
    for (TrainingProgress p : r.history()) {
      assertTrue(p.validationLoss() >= bestLoss);
    }
    assertEquals(r.bestEpoch() + 2, r.history().size());
  }

  @Test
  void badInputIsRefusedClearly() {
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(64).build();
    RewardModelTrainer t = RewardModelTrainer.builder().build();
    var e = assertThrows(IllegalArgumentException.class, () -> t.train(f, List.of()));
    assertTrue(e.getMessage().contains("must not be empty"), e.getMessage());
    Prompt q = Prompt.of("q");
    e = assertThrows(IllegalArgumentException.class, () -> t.train(f,
        List.of(PairwiseComparison.preferring(q, Completion.of("same"), Completion.of("same"), WHO))));
    assertTrue(e.getMessage().contains("identical") && e.getMessage().contains("pair[0]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TrainingSet.of(3, List.of()));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FeatureVector.dense(new float[] {1f, Float.NaN}));
    assertTrue(e.getMessage().contains("features[1]") && e.getMessage().contains("NaN"), e.getMessage());
    int[] calls = {0};
    EmbeddingFeaturizer varying = EmbeddingFeaturizer.of("flaky", 3, text -> new float[++calls[0] == 1 ? 3 : 4]);
    e = assertThrows(IllegalArgumentException.class, () -> t.train(varying,
        List.of(PairwiseComparison.preferring(q, Completion.of("a"), Completion.of("b"), WHO))));
    assertTrue(e.getMessage().contains("dimension 3") && e.getMessage().contains("returned 4"), e.getMessage());
    RatingScale oneToFive = new RatingScale(1, 5);
    e = assertThrows(IllegalArgumentException.class, () -> TrainingSet.builder(f).ratingScale(oneToFive)
        .addRating(new Rating(q, Completion.of("a"), 7, RatingScale.ONE_TO_TEN, WHO)));
    assertTrue(e.getMessage().contains("rating[0]") && e.getMessage().contains("scale"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TrainingSet.of(3, List.of(TrainingExample.Pair.preferring(
            FeatureVector.dense(new float[] {1, 2}), FeatureVector.dense(new float[] {1, 3})))));
    assertTrue(e.getMessage().contains("dimension() must be 3, was 2"), e.getMessage());
  }
}
