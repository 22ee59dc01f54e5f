package dev.align4j.optimizers.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.optimizer.preference.PairwisePreferenceOptimizer;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer;
import dev.align4j.optimizers.optimizer.sft.SftExample;
import dev.align4j.optimizers.optimizer.sft.SftOptimizer;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.WordTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The optimisers on the pure-Java transformer: SFT, DPO and GRPO on a tiny word-level model (seconds each). */
class TransformerAlignmentTest {
  static final String[] NAMES = {
    "ann", "bob", "cid", "dan", "eve", "fay", "gus", "hal", "ivy", "jon", "kim", "lou"
  };
  static final int TRAIN_NAMES = 8;

  static WordTokenizer tokenizer() {
    List<String> corpus = new ArrayList<>();
    for (String n : NAMES) {
      corpus.add("greet " + n);
      corpus.add("hello " + n + " please");
      corpus.add("go away " + n);
    }
    return WordTokenizer.fromCorpus(corpus, 100, 1);
  }

  static TransformerLanguageModel tinyModel(long seed) {
    TransformerConfig c =
        TransformerConfig.builder()
            .width(16)
            .heads(2)
            .layers(1)
            .contextLength(16)
            .valueHead(true)
            .build();
    // the scalar kernels: a test this short would spend most of its time warming up the Vector
    // API path
    return TransformerLanguageModel.create(
        tokenizer(), c, new SplittableRandom(seed), Runnable::run, true);
  }

  static Prompt prompt(String name) {
    return Prompt.of("greet " + name);
  }

  static Completion polite(String name) {
    return Completion.of("hello " + name + " please");
  }

  static Completion rude(String name) {
    return Completion.of("go away " + name);
  }

  @Test
  void sftDrivesTheTokenLossBelowABound() {
    TransformerLanguageModel lm = tinyModel(1);
    SftOptimizer sft =
        SftOptimizer.builder(lm).schedule(LearningRateSchedule.constant(0.01)).build();
    List<SftExample> batch = new ArrayList<>();
    for (int i = 0; i < TRAIN_NAMES; i++) {
      batch.add(new SftExample(prompt(NAMES[i]), polite(NAMES[i])));
    }
    double first = sft.step(batch).get("loss");
    double last = first;
    for (int s = 0; s < 150; s++) {
      last = sft.step(batch).get("loss");
    }
    assertTrue(first > 2.0, "a random model starts near ln(vocabulary): " + first);
    assertTrue(last < 0.3, "SFT token NLL after 150 steps must be < 0.3, was " + last);
  }

  @Test
  void dpoOnPoliteVersusRudeGeneralisesToHeldOutNames() {
    TransformerLanguageModel lm = tinyModel(2);
    Policy reference = lm.frozenCopy();
    PairwisePreferenceOptimizer dpo =
        PairwisePreferenceOptimizer.builder(lm, Objectives.pairwise("sigmoid", Map.of("beta", 0.1)))
            .reference(reference)
            .schedule(LearningRateSchedule.constant(0.03))
            .build();
    List<PairwiseComparison> train = new ArrayList<>();
    for (int i = 0; i < TRAIN_NAMES; i++) {
      train.add(
          PairwiseComparison.preferring(
              prompt(NAMES[i]), polite(NAMES[i]), rude(NAMES[i]), PoliteWorld.RULE));
    }
    StepMetrics first = dpo.step(train);
    StepMetrics last = first;
    for (int s = 0; s < 12; s++) {
      last = dpo.step(train);
    }
    int correct = 0;
    double margin = 0;
    for (int i = TRAIN_NAMES; i < NAMES.length; i++) {
      Prompt p = prompt(NAMES[i]);
      double rc =
          lm.sequenceLogProb(p, polite(NAMES[i])) - reference.sequenceLogProb(p, polite(NAMES[i]));
      double rr =
          lm.sequenceLogProb(p, rude(NAMES[i])) - reference.sequenceLogProb(p, rude(NAMES[i]));
      correct += rc > rr ? 1 : 0;
      margin += rc - rr;
    }
    assertEquals(
        NAMES.length - TRAIN_NAMES,
        correct,
        "held-out implicit-reward accuracy must be 100% (> 90%)");
    assertTrue(margin > 0);
    assertTrue(last.get("rewards/margins") > first.get("rewards/margins"));
    assertTrue(
        Double.isFinite(last.get("log_ratio/mean")),
        "the dataset log-ratio to the reference is reported");
    assertTrue(last.values().get("kl") == null, "an offline optimiser reports no metric named kl");
    assertEquals(1.0, last.get("rewards/accuracies"));
  }

  @Test
  void grpoAgainstARuleRewardRaisesTheHeldOutReward() {
    TransformerLanguageModel lm = tinyModel(3);
    RewardModel saysPlease = (p, c) -> c.text().contains("please") ? 1.0 : 0.0;
    SamplingParameters sampling = new SamplingParameters(1.0, 0, 1.0, 4);
    PolicyGradientOptimizer grpo =
        PolicyGradientOptimizer.builder(PolicyGradientOptimizer.Algorithm.GRPO, lm, saysPlease)
            .groupSize(4)
            .sampling(sampling)
            .klController(new dev.align4j.optimizers.kl.FixedKlController(0.04))
            .schedule(LearningRateSchedule.constant(0.02))
            .build();
    List<Prompt> heldOut = new ArrayList<>();
    for (int i = TRAIN_NAMES; i < NAMES.length; i++) {
      heldOut.add(prompt(NAMES[i]));
    }
    double before = meanReward(lm, heldOut, saysPlease, sampling);
    List<Prompt> train = new ArrayList<>();
    for (int i = 0; i < TRAIN_NAMES; i++) {
      train.add(prompt(NAMES[i]));
    }
    StepMetrics m = null;
    for (int s = 0; s < 25; s++) {
      m = grpo.step(train);
    }
    double after = meanReward(lm, heldOut, saysPlease, sampling);
    assertTrue(after > before + 0.3, "held-out reward " + before + " -> " + after);
    assertTrue(Double.isFinite(m.get("kl")));
  }

  /**
   * GRPO on the transformer reports the policy's exact entropy (the forward's {@code tokenEntropies()}), not the
   * sampled estimate: the step's {@code entropy} equals {@code −Σ_v e^ℓ ℓ} over the per-position distributions of
   * the sampled completions, recomputed here from {@code tokenDistributions} when the reward model sees them (before
   * the update), and the sampled estimate moves to {@code entropy/sampled}.
   */
  @Test
  void grpoOnTheTransformerReportsItsExactEntropy() {
    TransformerLanguageModel lm = tinyModel(5);
    double[] exact = new double[2]; // Σ_t H_t, Σ_t 1
    double[] sampled = new double[1]; // −Σ_t log π(y_t)
    RewardModel recording =
        (p, c) -> {
          double[] rows = lm.tokenDistributions(p, c).values();
          int v = lm.vocabularySize();
          for (int r = 0; r < rows.length; r += v) {
            for (int j = 0; j < v; j++) {
              exact[0] -= Math.exp(rows[r + j]) * rows[r + j];
            }
            exact[1] += 1;
          }
          sampled[0] -= lm.logProbs(p, c).sum();
          return c.text().contains("please") ? 1.0 : 0.0;
        };
    PolicyGradientOptimizer grpo =
        PolicyGradientOptimizer.builder(PolicyGradientOptimizer.Algorithm.GRPO, lm, recording)
            .groupSize(4)
            .sampling(new SamplingParameters(1.0, 0, 1.0, 4))
            .schedule(LearningRateSchedule.constant(0.02))
            .build();
    StepMetrics m = grpo.step(List.of(prompt("ann"), prompt("bob")));
    assertEquals(exact[0] / exact[1], m.get("entropy"), 1e-6);
    assertEquals(sampled[0] / exact[1], m.get("entropy/sampled"), 1e-9);
  }

  @Test
  void ppoWithTheValueHeadRaisesTheHeldOutReward() {
    TransformerLanguageModel lm = tinyModel(3);
    Policy reference = lm.frozenCopy();
    RewardModel saysPlease = (p, c) -> c.text().contains("please") ? 1.0 : 0.0;
    SamplingParameters sampling = new SamplingParameters(1.0, 0, 1.0, 4);
    double target = 3.0;
    dev.align4j.optimizers.kl.AdaptiveKlController kl =
        dev.align4j.optimizers.kl.AdaptiveKlController.builder()
            .initialCoefficient(0.5)
            .target(target)
            .horizon(30)
            .build();
    PolicyGradientOptimizer ppo =
        PolicyGradientOptimizer.builder(PolicyGradientOptimizer.Algorithm.PPO, lm, saysPlease)
            .reference(reference)
            .groupSize(4)
            .sampling(sampling)
            .klController(kl)
            .schedule(LearningRateSchedule.constant(0.02))
            .build();
    List<Prompt> heldOut = new ArrayList<>();
    for (int i = TRAIN_NAMES; i < NAMES.length; i++) {
      heldOut.add(prompt(NAMES[i]));
    }
    List<Prompt> train = new ArrayList<>();
    for (int i = 0; i < TRAIN_NAMES; i++) {
      train.add(prompt(NAMES[i]));
    }
    double before = meanReward(lm, heldOut, saysPlease, sampling);
    StepMetrics m = null;
    // 30 steps: the sparse reward must first be sampled by chance; over optimiser seeds 0..7, 15
    // steps missed it for some seeds (1 of 8 with the old sampling stream, 3 of 8 with
    // per-example sampling seeds), 30 steps for none
    for (int s = 0; s < 30; s++) {
      m = ppo.step(train);
    }
    double after = meanReward(lm, heldOut, saysPlease, sampling);
    assertTrue(after > before + 0.2, "PPO held-out reward " + before + " -> " + after);
    // the KL-under-target property is tested on the log-linear policy
    // (PolicyGradientOptimizerTest); here the sparse reward is found suddenly and the reactive
    // controller lags, so only finiteness and the controller's move are checked
    assertTrue(Double.isFinite(m.get("kl")) && m.get("kl") >= 0, "sampled KL " + m.get("kl"));
    assertTrue(kl.coefficient() != 0.5, "the adaptive controller moved beta");
    assertTrue(m.values().containsKey("loss/value_avg"));
  }

  @Test
  void aCompletionLongerThanTheContextIsRefusedAndChangesNothing() {
    TransformerLanguageModel lm = tinyModel(5);
    SftOptimizer sft =
        SftOptimizer.builder(lm).schedule(LearningRateSchedule.constant(0.01)).build();
    StringBuilder longText = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      longText.append(NAMES[i % NAMES.length]).append(' ');
    }
    Prompt p = prompt("ann");
    double before = lm.sequenceLogProb(p, polite("ann"));
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                sft.step(
                    List.of(
                        new SftExample(p, polite("ann")),
                        new SftExample(p, Completion.of(longText.toString().trim())))));
    assertTrue(e.getMessage().startsWith("batch[1]: "), e.getMessage());
    assertEquals(0, sft.stepCount());
    assertEquals(before, lm.sequenceLogProb(p, polite("ann")), 0.0);
  }

  static double meanReward(Policy p, List<Prompt> prompts, RewardModel r, SamplingParameters s) {
    SplittableRandom random = new SplittableRandom(99);
    double sum = 0;
    int n = 0;
    for (Prompt prompt : prompts) {
      for (int i = 0; i < 25; i++) {
        sum += r.score(prompt, p.sample(prompt, s, random));
        n++;
      }
    }
    return sum / n;
  }
}
