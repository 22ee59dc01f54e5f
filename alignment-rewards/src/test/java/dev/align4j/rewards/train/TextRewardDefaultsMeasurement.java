package dev.align4j.rewards.train;

import dev.align4j.core.label.Feedback;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The measurement behind the reward-model defaults (README, "Trainer defaults"): trains candidate featurizer and
 * trainer settings on {@link SyntheticTextPreferences} and compares their held-out accuracy with the independent
 * {@link CountDifferenceLogisticRegression}. Not a test; run it by hand with the test classpath:
 *
 * <pre>{@code
 * java -cp alignment-rewards/target/test-classes:alignment-rewards/target/classes:alignment-core/target/classes:\
 *   <slf4j-api.jar>:<slf4j-nop.jar> dev.align4j.rewards.train.TextRewardDefaultsMeasurement [train pairs] [seeds]
 * }</pre>
 */
final class TextRewardDefaultsMeasurement {
  private TextRewardDefaultsMeasurement() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("export")) {
      export(Path.of(args[1]));
      return;
    }
    int trainPairs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    String only = args.length > 2 ? args[2] : ".*";
    int vocabulary = 2000;
    Map<String, Supplier<HashedNGramFeaturizer.Builder>> features = new LinkedHashMap<>();
    features.put("2^16 uni+bi sublin l2", () -> HashedNGramFeaturizer.builder()
        .dimension(1 << 16).wordNgrams(1, 2).sublinearTf(true).l2Normalize(true));
    features.put("2^16 uni+bi count l2", () -> HashedNGramFeaturizer.builder()
        .dimension(1 << 16).wordNgrams(1, 2).sublinearTf(false).l2Normalize(true));
    features.put("2^16 uni+bi sublin raw", () -> HashedNGramFeaturizer.builder()
        .dimension(1 << 16).wordNgrams(1, 2).sublinearTf(true).l2Normalize(false));
    features.put("2^16 uni+bi count raw", () -> HashedNGramFeaturizer.builder()
        .dimension(1 << 16).wordNgrams(1, 2).sublinearTf(false).l2Normalize(false));
    features.put("2^16 uni count raw", () -> HashedNGramFeaturizer.builder()
        .dimension(1 << 16).wordNgrams(1, 1).sublinearTf(false).l2Normalize(false));
    features.put("2^16 uni sublin l2", () -> HashedNGramFeaturizer.builder()
        .dimension(1 << 16).wordNgrams(1, 1).sublinearTf(true).l2Normalize(true));
    features.put("2^16 uni count l2", () -> HashedNGramFeaturizer.builder()
        .dimension(1 << 16).wordNgrams(1, 1).sublinearTf(false).l2Normalize(true));
    features.put("2^16 uni sublin raw", () -> HashedNGramFeaturizer.builder()
        .dimension(1 << 16).wordNgrams(1, 1).sublinearTf(true).l2Normalize(false));
    features.put("2^12 uni count raw", () -> HashedNGramFeaturizer.builder()
        .dimension(1 << 12).wordNgrams(1, 1).sublinearTf(false).l2Normalize(false));
    features.put("2^18 uni+bi count raw", () -> HashedNGramFeaturizer.builder()
        .dimension(1 << 18).wordNgrams(1, 2).sublinearTf(false).l2Normalize(false));
    Map<String, Supplier<RewardModelTrainer.Builder>> trainers = new LinkedHashMap<>();
    trainers.put("new default", RewardModelTrainer::builder);
    trainers.put("old default (adamw 1e-3 wd.01 b32 e20 p3)", () -> RewardModelTrainer.builder()
        .optimizer(OptimizerSettings.adamW()).epochs(20).batchSize(32).patience(3));
    for (int patience : new int[] {2, 3, 5}) {
      trainers.put("adamw lr 0.001 wd 0.01 b32 e100 p" + patience, () -> RewardModelTrainer.builder()
          .optimizer(OptimizerSettings.adamW()).epochs(100).batchSize(32).patience(patience));
      trainers.put("adamw lr 0.003 wd 0.01 b64 e100 p" + patience, () -> RewardModelTrainer.builder()
          .optimizer(OptimizerSettings.adamW().withLearningRate(0.003)).epochs(100).batchSize(64)
          .patience(patience));
    }
    for (double lr : new double[] {0.003, 0.01, 0.03, 0.1}) {
      for (double wd : new double[] {0.0, 0.01}) {
        for (int batch : new int[] {32, 128}) {
          String name = String.format(Locale.ROOT, "adamw lr %s wd %s b%d e100 p3", lr, wd, batch);
          trainers.put(name, () -> RewardModelTrainer.builder()
              .optimizer(OptimizerSettings.adamW().withLearningRate(lr).withWeightDecay(wd))
              .epochs(100).batchSize(batch).patience(3));
        }
      }
    }
    for (double l2 : new double[] {1e-4, 1e-3}) {
      trainers.put("lbfgs l2 " + l2 + " e300 p3", () -> RewardModelTrainer.builder()
          .optimizer(OptimizerSettings.lbfgs()).l2(l2).epochs(300).patience(3));
    }

    for (int s = 0; s < seeds; s++) {
      double lengthExponent = Double.parseDouble(System.getProperty("lengthExponent", "0"));
      SyntheticTextPreferences corpus = new SyntheticTextPreferences(vocabulary, 1.0, 0.3, 100 + s, lengthExponent);
      List<SyntheticTextPreferences.Pair> train = corpus.sample(trainPairs, 20, 80, 200 + s);
      List<SyntheticTextPreferences.Pair> test = corpus.sample(20_000, 20, 80, 300 + s);
      System.out.printf(Locale.ROOT, "seed %d: %d train, %d test pairs, vocabulary %d; Bayes (true weights) accuracy"
          + " %.4f; reward length exponent %s%n", s, train.size(), test.size(), vocabulary,
          accuracy(test, corpus::reward), lengthExponent);
      for (double lambda : only.equals(".*") ? new double[] {1, 1 / (0.3 * 0.3), 30} : new double[] {1 / 0.09}) {
        long t0 = System.nanoTime();
        CountDifferenceLogisticRegression ref = new CountDifferenceLogisticRegression(train, vocabulary, lambda);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "  reference LR lambda %-5s: acc %.4f, truth %.4f, %d Newton steps, %.1f s%n",
            lambda, accuracyOfMargin(test, ref::margin), truthOfMargin(test, ref::margin), ref.newtonSteps, secs);
      }
      List<Feedback> feedback = new ArrayList<>();
      for (SyntheticTextPreferences.Pair p : train) {
        feedback.add(p.toComparison());
      }
      for (var fe : features.entrySet()) {
        HashedNGramFeaturizer f = fe.getValue().get().build();
        TrainingSet set = null;
        for (var te : trainers.entrySet()) {
          String label = fe.getKey() + " | " + te.getKey();
          if (!label.matches(only)) {
            continue;
          }
          long t0 = System.nanoTime();
          set = set != null ? set : TrainingSet.builder(f).addAll(feedback).build();
          TrainingResult r = te.getValue().get().build().train(set);
          double secs = (System.nanoTime() - t0) / 1e9;
          FeatureRewardModel m = r.requireModel();
          double acc = accuracyOfMargin(test, p -> m.score(SyntheticTextPreferences.PROMPT, p.a())
              - m.score(SyntheticTextPreferences.PROMPT, p.b()));
          double truth = truthOfMargin(test, p -> m.score(SyntheticTextPreferences.PROMPT, p.a())
              - m.score(SyntheticTextPreferences.PROMPT, p.b()));
          System.out.printf(Locale.ROOT, "  %-70s acc %.4f truth %.4f epochs %3d best %3d early %-5s %.1f s%n",
              label, acc, truth, r.history().size(), r.bestEpoch(), r.stoppedEarly(), secs);
        }
      }
    }
  }

  /**
   * Writes the test's data set (corpus seed 100, train seed 200, test seed 300) and the reference fit's weights for an
   * outside cross-check: one line per pair, {@code split label ids-of-a | ids-of-b}, then {@code w} and the weights.
   */
  private static void export(Path file) throws IOException {
    SyntheticTextPreferences corpus = new SyntheticTextPreferences(2000, 1.0, 0.3, 100);
    List<SyntheticTextPreferences.Pair> train = corpus.sample(20_000, 20, 80, 200);
    List<SyntheticTextPreferences.Pair> test = corpus.sample(20_000, 20, 80, 300);
    CountDifferenceLogisticRegression ref = new CountDifferenceLogisticRegression(train, 2000, 1 / 0.09);
    StringBuilder sb = new StringBuilder();
    for (int split = 0; split < 2; split++) {
      for (SyntheticTextPreferences.Pair p : split == 0 ? train : test) {
        sb.append(split == 0 ? "train " : "test ").append(p.label());
        for (int id : p.wordsA()) {
          sb.append(' ').append(id);
        }
        sb.append(" |");
        for (int id : p.wordsB()) {
          sb.append(' ').append(id);
        }
        sb.append('\n');
      }
    }
    sb.append("w");
    for (double v : ref.w) {
      sb.append(' ').append(v);
    }
    sb.append('\n');
    Files.writeString(file, sb);
  }

  interface Margin {
    double of(SyntheticTextPreferences.Pair p);
  }

  static double accuracy(List<SyntheticTextPreferences.Pair> pairs, ToDoubleFunction<int[]> r) {
    return accuracyOfMargin(pairs, p -> r.applyAsDouble(p.wordsA()) - r.applyAsDouble(p.wordsB()));
  }

  /** The share of pairs whose sampled label the margin's sign agrees with (a tie counts wrong). */
  static double accuracyOfMargin(List<SyntheticTextPreferences.Pair> pairs, Margin m) {
    int ok = 0;
    for (SyntheticTextPreferences.Pair p : pairs) {
      double d = m.of(p);
      if (p.aWins() ? d > 0 : d < 0) {
        ok++;
      }
    }
    return (double) ok / pairs.size();
  }

  /** The share of pairs whose true preference (the sign of r(a) − r(b)) the margin's sign agrees with. */
  static double truthOfMargin(List<SyntheticTextPreferences.Pair> pairs, Margin m) {
    int ok = 0;
    for (SyntheticTextPreferences.Pair p : pairs) {
      double d = m.of(p);
      if (p.probabilityA() > 0.5 ? d > 0 : d < 0) {
        ok++;
      }
    }
    return (double) ok / pairs.size();
  }
}
