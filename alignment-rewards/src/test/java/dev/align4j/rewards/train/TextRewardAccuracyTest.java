package dev.align4j.rewards.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.Feedback;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The default featurizer and trainer on text: vocabulary-level synthetic preferences (2,000 Zipf-distributed words,
 * a hidden weight per word, Bradley–Terry labels from the summed weights) must be learned as well as an independent
 * L2-regularised logistic regression on the true word-count differences, fitted by Newton–CG, within 1 accuracy
 * point on 20,000 held-out pairs.
 */
class TextRewardAccuracyTest {
  private static final int VOCABULARY = 2000;
  private static final double WEIGHT_SD = 0.3;

  @Test
  void defaultsMatchAnIndependentLogisticRegressionOnWordCountsWithinOnePoint() {
    SyntheticTextPreferences corpus = new SyntheticTextPreferences(VOCABULARY, 1.0, WEIGHT_SD, 100);
    List<SyntheticTextPreferences.Pair> train = corpus.sample(20_000, 20, 80, 200);
    List<SyntheticTextPreferences.Pair> test = corpus.sample(20_000, 20, 80, 300);

    // the reference: the MAP fit under the generator's N(0, σ²) prior on the word weights, λ = 1/σ²
    CountDifferenceLogisticRegression reference =
        new CountDifferenceLogisticRegression(train, VOCABULARY, 1 / (WEIGHT_SD * WEIGHT_SD));

    // the library with every default: featurizer, trainer (optimiser, epochs, validation split, early stopping)
    List<Feedback> feedback = new ArrayList<>();
    for (SyntheticTextPreferences.Pair p : train) {
      feedback.add(p.toComparison());
    }
    TrainingResult result = RewardModelTrainer.builder().build().train(HashedNGramFeaturizer.builder().build(),
        feedback);
    FeatureRewardModel model = result.requireModel();

    int n = test.size();
    int refRight = 0;
    int libRight = 0;
    int onlyRef = 0;
    int onlyLib = 0;
    int bayesRight = 0;
    for (SyntheticTextPreferences.Pair p : test) {
      boolean ref = right(p, reference.margin(p));
      boolean lib = right(p, model.score(SyntheticTextPreferences.PROMPT, p.a())
          - model.score(SyntheticTextPreferences.PROMPT, p.b()));
      refRight += ref ? 1 : 0;
      libRight += lib ? 1 : 0;
      onlyRef += ref && !lib ? 1 : 0;
      onlyLib += lib && !ref ? 1 : 0;
      bayesRight += right(p, corpus.reward(p.wordsA()) - corpus.reward(p.wordsB())) ? 1 : 0;
    }
    double refAcc = (double) refRight / n;
    double libAcc = (double) libRight / n;
    double bayes = (double) bayesRight / n;
    // standard error of one accuracy, and of the paired difference (from the discordant pairs, as in McNemar's test)
    double se = Math.sqrt(refAcc * (1 - refAcc) / n);
    double diff = libAcc - refAcc;
    double pairedSe = Math.sqrt((onlyRef + onlyLib) - (double) (onlyLib - onlyRef) * (onlyLib - onlyRef) / n) / n;
    String report = String.format(Locale.ROOT, "defaults %.4f vs reference %.4f (Bayes %.4f): difference %+.4f, paired"
        + " SE %.4f, SE of one accuracy %.4f; %d epochs, best %d, stopped early %s", libAcc, refAcc, bayes, diff,
        pairedSe, se, result.history().size(), result.bestEpoch(), result.stoppedEarly());

    System.out.println(report);
    // the comparison is meaningful: the reference is a good fit, and 1 point is several standard errors
    assertTrue(refAcc > bayes - 0.03, report);
    assertTrue(pairedSe < 0.004 && se < 0.004, report);
    assertTrue(diff >= -0.01, report);
    // early stopping on the validation split ended the run, at an epoch before the last
    assertTrue(result.stoppedEarly(), report);
    assertTrue(result.bestEpoch() < result.history().size(), report);
    assertEquals(result.history().get(result.bestEpoch() - 1).validationLoss(), result.history().stream()
        .mapToDouble(TrainingProgress::validationLoss).min().orElseThrow(), 0.0, report);
  }

  private static boolean right(SyntheticTextPreferences.Pair p, double margin) {
    return p.aWins() ? margin > 0 : margin < 0;
  }
}
