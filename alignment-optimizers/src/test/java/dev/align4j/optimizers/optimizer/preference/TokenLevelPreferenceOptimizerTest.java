package dev.align4j.optimizers.optimizer.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.DistributionPolicy;
import dev.align4j.core.Policy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TokenDistributions;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.distillation.DistributionLossResult;
import dev.align4j.optimizers.objective.distillation.GeneralizedJsdLoss;
import dev.align4j.optimizers.objective.pairwise.TdpoLoss;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.WordTokenizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * TDPO end to end on the pure-Java transformer: the sequential-KL input and its gradient against the independently
 * tested forward KL of {@link GeneralizedJsdLoss} (β = 0), and training on polite-versus-rude pairs that generalises
 * to held-out names.
 */
class TokenLevelPreferenceOptimizerTest {
  private static final String[] NAMES = {
    "ann", "bob", "cid", "dan", "eve", "fay", "gus", "hal", "ivy", "jon", "kim", "lou"
  };
  private static final int TRAIN = 8;
  private static final Provenance RULE =
      Provenance.human("rule", Instant.parse("2026-01-01T00:00:00Z"));

  private static TransformerLanguageModel model(long seed) {
    List<String> corpus = new ArrayList<>();
    for (String n : NAMES) {
      corpus.add("greet " + n);
      corpus.add("hello " + n + " please");
      corpus.add("go away " + n);
    }
    WordTokenizer tok = WordTokenizer.fromCorpus(corpus, 100, 1);
    TransformerConfig c =
        TransformerConfig.builder().width(16).heads(2).layers(1).contextLength(16).build();
    return TransformerLanguageModel.create(tok, c, new SplittableRandom(seed), Runnable::run, true);
  }

  private static PairwiseComparison pair(String name) {
    return PairwiseComparison.preferring(
        Prompt.of("greet " + name),
        Completion.of("hello " + name + " please"),
        Completion.of("go away " + name),
        RULE);
  }

  @Test
  void positionKlAndItsGradientAreTheForwardKlOfTheReference() {
    TransformerLanguageModel lm = model(1);
    TransformerLanguageModel other = model(2);
    Prompt p = Prompt.of("greet ann");
    Completion c = Completion.of("hello ann please");
    TokenDistributions ref = other.tokenDistributions(p, c);
    TokenDistributions mine = lm.tokenDistributions(p, c);
    double[] kl = TokenLevelPreferenceOptimizer.positionKl(ref, mine);
    // GKD at β = 0 is KL(teacher ‖ student) averaged over tokens: with the reference as teacher,
    // the mean of KL_t
    DistributionLossResult fwd =
        GeneralizedJsdLoss.builder().beta(0).build().evaluate(List.of(mine), List.of(ref));
    double mean = 0;
    for (double k : kl) {
      assertTrue(k > 0);
      mean += k / kl.length;
    }
    assertEquals(fwd.loss(), mean, 1e-12);
    // its gradient is −π_ref(v)/N: the optimiser's ∂KL_t/∂log π_θ(v) = −π_ref(v)
    double[] g = fwd.gradients().get(0);
    for (int t = 0; t < ref.length(); t++) {
      for (int v = 0; v < ref.vocabularySize(); v++) {
        assertEquals(
            -Math.exp(ref.logProb(t, v)) / ref.length(), g[t * ref.vocabularySize() + v], 1e-15);
      }
    }
  }

  @Test
  void tdpoOnPoliteVersusRudeGeneralisesToHeldOutNames() {
    TransformerLanguageModel lm = model(2);
    DistributionPolicy reference = lm.frozenCopy();
    TokenLevelPreferenceOptimizer tdpo =
        TokenLevelPreferenceOptimizer.builder(lm, TdpoLoss.builder().build())
            .reference(reference)
            .schedule(LearningRateSchedule.constant(0.03))
            .build();
    List<PairwiseComparison> train = new ArrayList<>();
    for (int i = 0; i < TRAIN; i++) {
      train.add(pair(NAMES[i]));
    }
    StepMetrics first = tdpo.step(train);
    StepMetrics last = first;
    for (int s = 0; s < 12; s++) {
      last = tdpo.step(train);
    }
    int correct = 0;
    for (int i = TRAIN; i < NAMES.length; i++) {
      PairwiseComparison q = pair(NAMES[i]);
      double rc =
          lm.sequenceLogProb(q.prompt(), q.chosen())
              - reference.sequenceLogProb(q.prompt(), q.chosen());
      double rr =
          lm.sequenceLogProb(q.prompt(), q.rejected())
              - reference.sequenceLogProb(q.prompt(), q.rejected());
      correct += rc > rr ? 1 : 0;
    }
    assertEquals(NAMES.length - TRAIN, correct, "held-out implicit-reward accuracy must be 100%");
    assertTrue(last.get("rewards/margins") > first.get("rewards/margins"));
    assertEquals(0.0, first.get("kl/chosen"), 1e-6, "the first step starts at the reference");
    assertTrue(last.get("kl/rejected") > 0, "the policy moved away from the reference");
    assertEquals(1.0, last.get("rewards/accuracies"));
  }

  @Test
  void refusesAReferenceWithoutDistributions() {
    TransformerLanguageModel lm = model(1);
    Policy plain =
        new Policy() {
          @Override
          public Completion sample(
              Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
            return lm.sample(prompt, parameters, random);
          }

          @Override
          public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
            return lm.logProbs(prompt, completion);
          }
        };
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TokenLevelPreferenceOptimizer.builder(lm, TdpoLoss.builder().build())
                    .reference(plain)
                    .build());
    assertTrue(e.getMessage().contains("DistributionPolicy"), e.getMessage());
  }
}
