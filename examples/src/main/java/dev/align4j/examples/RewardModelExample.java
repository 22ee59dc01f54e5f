package dev.align4j.examples;

import dev.align4j.core.data.DataFormat;
import dev.align4j.core.data.JsonlDatasetReader;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.ReadOptions;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.RewardBreakdown;
import dev.align4j.rewards.eval.EvaluationReport;
import dev.align4j.rewards.eval.PreferenceCase;
import dev.align4j.rewards.eval.RewardModelEvaluator;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.io.RewardModelFiles;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.rule.CompositeReward;
import dev.align4j.rewards.rule.GatedReward;
import dev.align4j.rewards.rule.KeywordRule;
import dev.align4j.rewards.rule.LengthPenalty;
import dev.align4j.rewards.rule.LengthUnit;
import dev.align4j.rewards.rule.Rules;
import dev.align4j.rewards.train.OptimizerSettings;
import dev.align4j.rewards.train.RewardModelTrainer;
import dev.align4j.rewards.train.TrainingResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A reward model for a customer-support assistant, end to end, as you would start a proof of concept:
 *
 * <ol>
 *   <li>read human preference pairs (the bundled TRL-format sample);
 *   <li>train a Bradley–Terry reward model on hashed n-gram features (no model files, a few milliseconds);
 *   <li>measure it on held-out pairs before trusting it: accuracy, calibration and length bias;
 *   <li>compose it with rules: 0 if the answer insults the customer, a bonus for courtesy, a penalty for rambling;
 *   <li>use it: pick the best of several candidate answers, with a per-component explanation;
 *   <li>save it to a checksummed file and load it back.
 * </ol>
 *
 * <p>The held-out accuracy is printed beside a baseline that needs no model at all: "the longer answer wins". Human
 * preference data is often length-confounded (chosen answers tend to be longer), and a reward model is only worth
 * what it adds to that baseline. The bundled sample includes pairs where the better answer is the shorter one, so the
 * baseline is below 1.
 *
 * <p>Run (from the repository root): {@code mvn -B -ntp -q -pl examples -am package -DskipTests -Pquickstart
 * -Dquickstart.mainClass=dev.align4j.examples.RewardModelExample}.
 */
public final class RewardModelExample {
  private RewardModelExample() {}

  /**
   * What the example produced.
   *
   * @param trainPairs pairs trained on
   * @param heldOut the evaluation on held-out pairs
   * @param lengthBaselineAccuracy held-out pairwise accuracy of "the longer answer wins" (length in code points; a tie
   *     counts as half), the baseline the learned model must beat
   * @param training the training run
   * @param question the new question answered
   * @param best the candidate the composed reward chose
   * @param explanation why it scored what it did
   * @param insultScore the score of the insulting candidate (gated to 0 whatever the learned model thinks)
   * @param reloadedScoresEqual whether the saved and reloaded model scores exactly like the original
   */
  public record Result(
      int trainPairs,
      EvaluationReport heldOut,
      double lengthBaselineAccuracy,
      TrainingResult training,
      String question,
      String best,
      RewardBreakdown explanation,
      double insultScore,
      boolean reloadedScoresEqual) {}

  /** Runs the example and prints what it found. */
  public static void main(String[] args) throws IOException {
    print(run(), System.out);
  }

  /** Runs the example. */
  public static Result run() throws IOException {
    // 1. Data: human preferences (prompt, chosen, rejected) in TRL's JSONL format.
    List<PreferenceExample> pairs = readSample();
    Provenance human = Provenance.human("support-team", Instant.parse("2026-01-01T00:00:00Z"));
    List<PairwiseComparison> train = new ArrayList<>();
    List<PreferenceCase> test = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      PreferenceExample p = pairs.get(i);
      if (i % 4 == 3) {
        test.add(new PreferenceCase(p.prompt(), p.chosen(), p.rejected(), "support"));
      } else {
        train.add(p.toComparison(human));
      }
    }

    // 2. Train a Bradley–Terry reward model on hashed word and character n-grams.
    HashedNGramFeaturizer features = HashedNGramFeaturizer.builder().dimension(1 << 14).charNgrams(3, 5).build();
    RewardModelTrainer trainer = RewardModelTrainer.builder()
        .optimizer(OptimizerSettings.lbfgs())
        .epochs(100)
        .l2(1e-3)
        .centerRewardsCoefficient(0.01)
        .validationFraction(0)
        .build();
    TrainingResult training = trainer.train(features, train);
    FeatureRewardModel learned = training.requireModel();

    // 3. Evaluate before optimising against it.
    EvaluationReport heldOut = RewardModelEvaluator.standard().evaluate(learned, test);
    double lengthBaseline = lengthBaselineAccuracy(test);

    // 4. Compose with rules: insults gate the reward to 0; courtesy earns a bonus; rambling costs.
    CompositeReward shaped = CompositeReward.builder()
        .add("learned", learned, 1.0)
        .add("courtesy", KeywordRule.of(KeywordRule.Mode.ANY, List.of("please", "thanks", "sorry", "happy to")), 0.5)
        .add("length", LengthPenalty.overlong(LengthUnit.WORDS, 80, 40), 1.0)
        .build();
    GatedReward reward = GatedReward.of(Rules.blocklist(List.of("stupid", "idiot", "yourself")), shaped);

    // 5. Use it: best of n.
    Prompt question = Prompt.of("My parcel has not arrived yet, what can I do?");
    List<Completion> candidates = List.of(
        Completion.of("Sorry about the delay! Please check the tracking link in your confirmation email; if it has"
            + " not moved for 5 days, reply here and we will send a replacement."),
        Completion.of("Wait longer."),
        Completion.of("Track it yourself, it's not that hard."));
    double[] scores = reward.scoreAll(question, candidates);
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      best = scores[i] > scores[best] ? i : best;
    }
    RewardBreakdown why = reward.explain(question, candidates.get(best));

    // 6. Save and load (versioned, checksummed).
    Path file = Files.createTempFile("support-reward", ".rm");
    try {
      RewardModelFiles.save(learned, file);
      FeatureRewardModel reloaded = RewardModelFiles.load(file);
      boolean same = true;
      for (Completion c : candidates) {
        same &= reloaded.score(question, c) == learned.score(question, c);
      }
      return new Result(train.size(), heldOut, lengthBaseline, training, question.text(), candidates.get(best).text(),
          why,
          scores[2], same);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Pairwise accuracy of "the longer answer wins" (code points; a tie counts as half). */
  static double lengthBaselineAccuracy(List<PreferenceCase> cases) {
    double correct = 0;
    for (PreferenceCase c : cases) {
      String chosen = c.chosen().text();
      String rejected = c.rejected().text();
      int lc = chosen.codePointCount(0, chosen.length());
      int lr = rejected.codePointCount(0, rejected.length());
      correct += lc > lr ? 1.0 : lc == lr ? 0.5 : 0.0;
    }
    return correct / cases.size();
  }

  private static List<PreferenceExample> readSample() {
    try (InputStream in = RewardModelExample.class.getResourceAsStream(QuickStart.SAMPLE)) {
      if (in == null) {
        throw new IllegalStateException("bundled sample " + QuickStart.SAMPLE + " is missing from the class path");
      }
      List<PreferenceExample> out = new ArrayList<>();
      JsonlDatasetReader.preferences(DataFormat.TRL_PREFERENCE, ReadOptions.lenient())
          .read(in, Path.of("support-preferences.jsonl"), out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints the result. */
  public static void print(Result r, PrintStream out) {
    out.println("== align4j reward model ==");
    out.printf(Locale.ROOT, "trained a Bradley-Terry model on %d human preference pairs (%d L-BFGS iterations)%n",
        r.trainPairs(), r.training().history().size());
    out.printf(Locale.ROOT, "held-out pairwise accuracy %.2f on %d pairs; baseline \"the longer answer wins\": %.2f%n",
        r.heldOut().pairwiseAccuracy(), r.heldOut().pairCount(), r.lengthBaselineAccuracy());
    out.println("held-out evaluation:");
    out.print(r.heldOut().toTable());
    out.println("question: " + r.question());
    out.println("best answer: " + r.best());
    out.println("why: " + r.explanation());
    out.printf(Locale.ROOT, "the insulting answer scored %.3f (gated to 0)%n", r.insultScore());
    out.println("saved and reloaded model scores identically: " + r.reloadedScoresEqual());
  }
}
