package dev.align4j.optimizers.optimizer.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.Policy;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TokenDistributions;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.math.StableMath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.pairwise.CombinedPairwiseLoss;
import dev.align4j.optimizers.objective.pairwise.PairwiseLoss;
import dev.align4j.optimizers.optimizer.PoliteWorld;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.WordTokenizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * WPO ({@code use_weighting}) in the pairwise optimiser on the transformer: the step's loss is the mean of the pair
 * losses times {@code w(y_w)·w(y_l)}, recomputed here from the policy's distributions by hand; a policy without
 * distributions (the log-linear policy) is refused.
 */
class WpoWeightingTest {
  private static final String[] NAMES = {"ann", "bob", "cid", "dan"};

  private static TransformerLanguageModel model() {
    List<String> corpus = new ArrayList<>();
    for (String n : NAMES) {
      corpus.add("greet " + n + " hello please go away");
    }
    TransformerConfig c =
        TransformerConfig.builder().width(16).heads(2).layers(1).contextLength(16).build();
    return TransformerLanguageModel.create(
        WordTokenizer.fromCorpus(corpus, 100, 1), c, new SplittableRandom(4), Runnable::run, true);
  }

  /** w(y) = exp(mean_t[log π(y_t) − log Σ_v π(v)²]), written out. */
  private static double weight(TransformerLanguageModel lm, Prompt p, Completion c) {
    TokenDistributions d = lm.tokenDistributions(p, c);
    double[] lp = lm.logProbs(p, c).values();
    double s = 0;
    for (int t = 0; t < lp.length; t++) {
      double sumSq = 0;
      for (double x : d.row(t)) {
        sumSq += Math.exp(2 * x);
      }
      s += lp[t] - Math.log(sumSq);
    }
    return Math.exp(s / lp.length);
  }

  @Test
  void lossIsTheWeightedMeanOfThePairLosses() {
    TransformerLanguageModel lm = model();
    Policy ref = model().frozenCopy();
    List<PairwiseComparison> batch = new ArrayList<>();
    Provenance rule = Provenance.human("rule", Instant.parse("2026-01-01T00:00:00Z"));
    for (String n : NAMES) {
      batch.add(
          PairwiseComparison.preferring(
              Prompt.of("greet " + n),
              Completion.of("hello " + n + " please"),
              Completion.of("go away " + n),
              rule));
    }
    double expected = 0;
    for (PairwiseComparison p : batch) {
      double w = weight(lm, p.prompt(), p.chosen()) * weight(lm, p.prompt(), p.rejected());
      double margin =
          (lm.sequenceLogProb(p.prompt(), p.chosen()) - ref.sequenceLogProb(p.prompt(), p.chosen()))
              - (lm.sequenceLogProb(p.prompt(), p.rejected())
                  - ref.sequenceLogProb(p.prompt(), p.rejected()));
      expected += w * -StableMath.logSigmoid(0.1 * margin) / batch.size();
    }
    StepMetrics m =
        PairwisePreferenceOptimizer.builder(lm, Objectives.pairwise("sigmoid", Map.of("beta", 0.1)))
            .reference(ref)
            .useWeighting(true)
            .schedule(LearningRateSchedule.constant(0.01))
            .build()
            .step(batch);
    assertEquals(expected, m.get("loss"), 1e-6 * expected);
    StepMetrics plain =
        PairwisePreferenceOptimizer.builder(
                model(), Objectives.pairwise("sigmoid", Map.of("beta", 0.1)))
            .reference(ref)
            .schedule(LearningRateSchedule.constant(0.01))
            .build()
            .step(batch);
    assertTrue(Math.abs(plain.get("loss") - expected) > 1e-3, "the weights change the loss");
  }

  /**
   * With RPO the weight multiplies the whole pair loss, the chosen completion's token-mean NLL included (TRL weights
   * every listed loss, RPO's {@code sft} term among them): loss = mean_i w_i·(ℓ_i + α·(−log π(y_w,i)/|y_w,i|)).
   */
  @Test
  void theRpoTermIsWeightedWithItsPair() {
    TransformerLanguageModel lm = model();
    Policy ref = model().frozenCopy();
    List<PairwiseComparison> batch = new ArrayList<>();
    Provenance rule = Provenance.human("rule", Instant.parse("2026-01-01T00:00:00Z"));
    for (String n : NAMES) {
      batch.add(
          PairwiseComparison.preferring(
              Prompt.of("greet " + n),
              Completion.of("hello " + n + " please"),
              Completion.of("go away " + n),
              rule));
    }
    double alpha = 0.5;
    double expected = 0;
    for (PairwiseComparison p : batch) {
      double w = weight(lm, p.prompt(), p.chosen()) * weight(lm, p.prompt(), p.rejected());
      double chosen = lm.sequenceLogProb(p.prompt(), p.chosen());
      double margin =
          (chosen - ref.sequenceLogProb(p.prompt(), p.chosen()))
              - (lm.sequenceLogProb(p.prompt(), p.rejected())
                  - ref.sequenceLogProb(p.prompt(), p.rejected()));
      double nll = -chosen / lm.logProbs(p.prompt(), p.chosen()).length();
      expected += w * (-StableMath.logSigmoid(0.1 * margin) + alpha * nll) / batch.size();
    }
    StepMetrics m =
        PairwisePreferenceOptimizer.builder(lm, Objectives.pairwise("sigmoid", Map.of("beta", 0.1)))
            .reference(ref)
            .useWeighting(true)
            .rpoAlpha(alpha)
            .schedule(LearningRateSchedule.constant(0.01))
            .build()
            .step(batch);
    assertEquals(expected, m.get("loss"), 1e-6 * expected);
  }

  /**
   * AOT's per-pair losses are those of the batch's sorted margins (rank k, not pair k), so a per-pair weight would
   * scale another pair's loss than the gradient it scales: refused at build time, alone or as a term of a combined
   * loss, naming use_weighting and the loss type (TRL's DPOTrainer refuses the same combinations).
   */
  @Test
  void refusesAotWhoseLossesAreNotPerPair() {
    for (String type : new String[] {"aot", "aot_unpaired"}) {
      PairwisePreferenceOptimizer.Builder alone =
          PairwisePreferenceOptimizer.builder(model(), Objectives.pairwise(type, Map.of()))
              .useWeighting(true);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, alone::build);
      assertTrue(
          e.getMessage().contains("use_weighting") && e.getMessage().contains(type),
          e.getMessage());
      CombinedPairwiseLoss combined =
          CombinedPairwiseLoss.builder()
              .add((PairwiseLoss) Objectives.pairwise("sigmoid", Map.of()), 1.0)
              .add((PairwiseLoss) Objectives.pairwise(type, Map.of()), 0.5)
              .build();
      PairwisePreferenceOptimizer.Builder mixed =
          PairwisePreferenceOptimizer.builder(model(), combined).useWeighting(true);
      e = assertThrows(IllegalArgumentException.class, mixed::build);
      assertTrue(e.getMessage().contains(type), e.getMessage());
      // without the weighting the same objectives are accepted
      PairwisePreferenceOptimizer.builder(model(), combined).build();
    }
  }

  @Test
  void refusesAPolicyWithoutDistributions() {
    PairwisePreferenceOptimizer opt =
        PairwisePreferenceOptimizer.builder(
                PoliteWorld.policyBuilder().build(), Objectives.pairwise("sigmoid", Map.of()))
            .useWeighting(true)
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> opt.step(PoliteWorld.pairs(0, 4, 1)));
    assertTrue(
        e.getMessage().contains("use_weighting") && e.getMessage().contains("DistributionForward"),
        e.getMessage());
    assertEquals(0, opt.stepCount());
  }
}
