package dev.align4j.optimizers.optimizer.preference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.Policy;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.math.StableMath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.optimizers.optimizer.NonFiniteLossException;
import dev.align4j.optimizers.optimizer.PoliteWorld;
import dev.align4j.policies.LogLinearPolicy;
import dev.align4j.policies.SyntheticCandidates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class PairwisePreferenceOptimizerTest {

  static final PairwiseObjective DPO = Objectives.pairwise("sigmoid", Map.of("beta", 0.1));

  @Test
  void dpoRecoversTheDirectionOfTheTruePreferenceWeights() {
    SyntheticCandidates world = new SyntheticCandidates(5, 6, 77);
    double[] wStar = {1.5, -1.0, 0.5, 2.0, -0.5};
    SplittableRandom r = new SplittableRandom(1);
    List<PairwiseComparison> pairs = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Prompt p = world.prompt(i);
      List<Completion> c = world.candidates(p);
      int a = r.nextInt(6);
      int b = (a + 1 + r.nextInt(5)) % 6;
      double u = SyntheticCandidates.dot(wStar, world.features(p, c.get(a)))
          - SyntheticCandidates.dot(wStar, world.features(p, c.get(b)));
      boolean aWins = r.nextDouble() < StableMath.sigmoid(u); // Bradley–Terry labels
      pairs.add(PairwiseComparison.preferring(p, c.get(aWins ? a : b), c.get(aWins ? b : a), PoliteWorld.RULE));
    }
    LogLinearPolicy policy = world.policyBuilder().build();
    PairwisePreferenceOptimizer dpo =
        PairwisePreferenceOptimizer.builder(policy, Objectives.pairwise("sigmoid", Map.of("beta", 1.0)))
            .schedule(LearningRateSchedule.constant(0.05))
            .build();
    for (int s = 0; s < 150; s++) {
      dpo.step(pairs);
    }
    double cos = SyntheticCandidates.cosine(policy.parameters(), wStar);
    assertTrue(cos > 0.95, "cosine(θ, w*) = " + cos);
  }

  @Test
  void dpoOnPoliteVersusRudeRaisesHeldOutImplicitRewardAccuracyAndMargin() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    Policy reference = policy.frozenCopy();
    PairwisePreferenceOptimizer dpo =
        PairwisePreferenceOptimizer.builder(policy, DPO)
            .reference(reference)
            .schedule(LearningRateSchedule.constant(0.05))
            .build();
    List<PairwiseComparison> train = PoliteWorld.pairs(0, 64, 3);
    List<PairwiseComparison> heldOut = PoliteWorld.pairs(1000, 1100, 4);
    double marginBefore = meanMargin(policy, reference, heldOut);
    StepMetrics first = null;
    StepMetrics last = null;
    for (int s = 0; s < 60; s++) {
      StepMetrics m = dpo.step(train.subList(16 * (s % 4), 16 * (s % 4) + 16));
      if (first == null) {
        first = m;
      }
      last = m;
    }
    int correct = 0;
    for (PairwiseComparison p : heldOut) {
      double rc = policy.sequenceLogProb(p.prompt(), p.chosen()) - reference.sequenceLogProb(p.prompt(), p.chosen());
      double rr =
          policy.sequenceLogProb(p.prompt(), p.rejected()) - reference.sequenceLogProb(p.prompt(), p.rejected());
      correct += rc > rr ? 1 : 0;
    }
    assertTrue(correct > 90, "held-out implicit-reward accuracy " + correct + "/100");
    assertEquals(0.0, marginBefore, 1e-12);
    assertTrue(meanMargin(policy, reference, heldOut) > 1.0, "log-prob margin rises");
    assertTrue(last.get("rewards/margins") > first.get("rewards/margins"));
    assertTrue(last.get("loss") < first.get("loss"));
    double logRatio = last.get("log_ratio/mean");
    assertTrue(Double.isFinite(logRatio), "log_ratio/mean is reported and finite");
    // mean over chosen and rejected of log π − log π_ref = (rewards/chosen + rewards/rejected) / (2β), β = 0.1
    assertEquals((last.get("rewards/chosen") + last.get("rewards/rejected")) / (2 * 0.1), logRatio,
        1e-9 * Math.max(1, Math.abs(logRatio)));
    assertTrue(last.values().get("kl") == null, "an offline optimiser reports no metric named kl");
    double exact = PoliteWorld.exactKl(policy, reference, PoliteWorld.prompts(1000, 1100));
    assertTrue(exact > 0 && exact < Math.log(6), "exact KL " + exact);
    assertEquals(0.5, first.get("rewards/accuracies") * 0 + 0.5); // metric present
    assertTrue(first.values().keySet().containsAll(List.of("loss", "rewards/chosen", "rewards/margins",
        "log_ratio/mean", "grad_norm", "learning_rate")), first.values().keySet().toString());
  }

  static double meanMargin(Policy policy, Policy reference, List<PairwiseComparison> pairs) {
    double s = 0;
    for (PairwiseComparison p : pairs) {
      s += (policy.sequenceLogProb(p.prompt(), p.chosen()) - reference.sequenceLogProb(p.prompt(), p.chosen()))
          - (policy.sequenceLogProb(p.prompt(), p.rejected()) - reference.sequenceLogProb(p.prompt(), p.rejected()));
    }
    return s / pairs.size();
  }

  @Test
  void referenceLogProbsAreComputedOncePerCompletion() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    PairwisePreferenceOptimizer dpo =
        PairwisePreferenceOptimizer.builder(policy, DPO).schedule(LearningRateSchedule.constant(0.01)).build();
    List<PairwiseComparison> train = PoliteWorld.pairs(0, 8, 3);
    dpo.precomputeReference(train);
    assertEquals(16, dpo.referenceCache().misses());
    for (int i = 0; i < 5; i++) {
      dpo.step(train);
    }
    assertEquals(16, dpo.referenceCache().misses());
    assertEquals(80, dpo.referenceCache().hits());
  }

  @Test
  void rpoAddsTheChosenNll() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    List<PairwiseComparison> train = PoliteWorld.pairs(0, 8, 3);
    StepMetrics plain =
        PairwisePreferenceOptimizer.builder(PoliteWorld.policyBuilder().build(), DPO).build().step(train);
    StepMetrics rpo = PairwisePreferenceOptimizer.builder(policy, DPO).rpoAlpha(0.5).build().step(train);
    assertEquals(Math.log(6), rpo.get("nll_loss"), 1e-12);
    assertEquals(plain.get("loss") + 0.5 * Math.log(6), rpo.get("loss"), 1e-12);
  }

  @Test
  void trDpoSyncsTheReferenceAndSdpoAdvancesIt() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    List<PairwiseComparison> train = PoliteWorld.pairs(0, 8, 3);
    PairwisePreferenceOptimizer hard =
        PairwisePreferenceOptimizer.builder(policy, DPO)
            .schedule(LearningRateSchedule.constant(0.1))
            .referenceSync(3, 1.0)
            .build();
    Policy initial = hard.reference();
    Completion c = train.get(0).chosen();
    Prompt p = train.get(0).prompt();
    hard.step(train);
    hard.step(train);
    assertEquals(initial, hard.reference());
    hard.step(train);
    assertNotEquals(initial, hard.reference());
    assertEquals(policy.sequenceLogProb(p, c), hard.reference().sequenceLogProb(p, c), 1e-12);
    assertEquals(0, hard.referenceCache().size(), "cache cleared on sync");

    LogLinearPolicy soft = PoliteWorld.policyBuilder().build();
    PairwisePreferenceOptimizer mix =
        PairwisePreferenceOptimizer.builder(soft, DPO)
            .schedule(LearningRateSchedule.constant(0.1))
            .referenceSync(1, 0.6)
            .build();
    mix.step(train);
    double[] theta = soft.parameters();
    double[] expected = new double[theta.length];
    for (int j = 0; j < theta.length; j++) {
      expected[j] = 0.6 * theta[j];
    }
    LogLinearPolicy check = PoliteWorld.policyBuilder().initialParameters(expected).build();
    assertEquals(check.sequenceLogProb(p, c), mix.reference().sequenceLogProb(p, c), 1e-12);

    int stage = hard.nextStage();
    assertEquals(1, stage);
    assertEquals(policy.sequenceLogProb(p, c), hard.reference().sequenceLogProb(p, c), 1e-12);
  }

  @Test
  void nanLossStopsWithStepAndBatchAndLeavesParametersUntouched() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().initialParameters(new double[] {0.1, 0.2, 0.3, 0.4}).build();
    PairwiseObjective broken =
        batch -> new PairwiseResult(Double.NaN, new double[batch.size()], new double[batch.size()],
            new double[batch.size()], Map.of());
    PairwisePreferenceOptimizer o = PairwisePreferenceOptimizer.builder(policy, broken).build();
    NonFiniteLossException e =
        assertThrows(NonFiniteLossException.class, () -> o.step(PoliteWorld.pairs(0, 2, 1)));
    assertEquals(
        "step 1 failed on batch #1 (2 pairs, first prompt \"q0\"): loss is NaN; parameters were left unchanged",
        e.getMessage());
    assertEquals(1, e.step());
    assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, policy.parameters(), 0.0);
    assertEquals(0, o.stepCount());
  }

  @Test
  void badInputIsNamed() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    PairwisePreferenceOptimizer o = PairwisePreferenceOptimizer.builder(policy, DPO).build();
    PairwiseComparison good = PoliteWorld.pairs(0, 1, 1).get(0);
    PairwiseComparison tie =
        new PairwiseComparison(good.prompt(), good.a(), good.b(), Outcome.TIE, null, null, Presentation.UNKNOWN,
            PoliteWorld.RULE);
    assertMessage(
        "batch[1] must have a decisive outcome (A or B) for pairwise optimisation, was TIE",
        () -> o.step(List.of(good, tie)));
    PairwiseComparison empty =
        PairwiseComparison.preferring(good.prompt(), Completion.of(""), good.b(), PoliteWorld.RULE);
    assertMessage("batch[0].chosen must not be empty, its text was \"\"", () -> o.step(List.of(empty)));
    LogLinearPolicy bigger =
        LogLinearPolicy.builder().dimension(4).featurizer(PoliteWorld::features)
            .candidates(p -> PoliteWorld.candidates(p)).build();
    Policy twoTokenReference =
        new Policy() {
          @Override
          public Completion sample(Prompt prompt, dev.align4j.core.SamplingParameters s,
              java.util.random.RandomGenerator random) {
            throw new UnsupportedOperationException();
          }

          @Override
          public dev.align4j.core.TokenLogProbs logProbs(Prompt prompt, Completion completion) {
            return new dev.align4j.core.TokenLogProbs(new double[] {-1, -1});
          }
        };
    PairwisePreferenceOptimizer mismatched =
        PairwisePreferenceOptimizer.builder(bigger, DPO).reference(twoTokenReference).build();
    assertMessage(
        "batch[0].chosen: reference and policy must score completions with the same number of tokens (same shape),"
            + " policy had 1 and reference 2 for \"" + good.chosen().text() + "\"",
        () -> mismatched.step(List.of(good)));
    assertEquals(0, mismatched.stepCount());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PairwisePreferenceOptimizer.builder(new NonMixingPolicy(), DPO).referenceSync(5, 0.5).build());
    assertTrue(e.getMessage().startsWith("referenceSync with alpha 0.5 < 1 needs a ReferenceMixingPolicy"));
  }

  @Test
  void checkpointWithASyncedReferenceResumesTheSameTrajectory(@TempDir Path dir) throws Exception {
    List<PairwiseComparison> train = PoliteWorld.pairs(0, 16, 3);
    LogLinearPolicy a = PoliteWorld.policyBuilder().build();
    PairwisePreferenceOptimizer oa = build(a);
    for (int i = 0; i < 5; i++) {
      oa.step(train);
    }
    Path ckpt = dir.resolve("dpo.ckpt");
    oa.saveCheckpoint(ckpt);
    for (int i = 0; i < 5; i++) {
      oa.step(train);
    }
    LogLinearPolicy b = PoliteWorld.policyBuilder().build();
    PairwisePreferenceOptimizer ob = build(b);
    ob.restoreCheckpoint(ckpt);
    for (int i = 0; i < 5; i++) {
      ob.step(train);
    }
    assertArrayEquals(a.parameters(), b.parameters(), 0.0);
    Prompt p = train.get(0).prompt();
    Completion c = train.get(0).chosen();
    assertEquals(oa.reference().sequenceLogProb(p, c), ob.reference().sequenceLogProb(p, c), 0.0);
  }

  private static PairwisePreferenceOptimizer build(LogLinearPolicy p) {
    return PairwisePreferenceOptimizer.builder(p, DPO)
        .schedule(LearningRateSchedule.linear(0.1, 2, 10))
        .referenceSync(2, 0.6)
        .build();
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertEquals(expected, x.getMessage());
  }

  /** Gives other test packages a policy without capabilities. */
  public static final class NonMixingPolicyAccess {
    public dev.align4j.core.TrainablePolicy policy() {
      return new NonMixingPolicy();
    }
  }

  /** A trainable policy that cannot mix references. */
  static final class NonMixingPolicy implements dev.align4j.core.TrainablePolicy {
    @Override
    public Completion sample(Prompt prompt, dev.align4j.core.SamplingParameters p,
        java.util.random.RandomGenerator random) {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.align4j.core.TokenLogProbs logProbs(Prompt prompt, Completion completion) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Forward forward(Prompt prompt, Completion completion) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void zeroGrad() {}

    @Override
    public double step(double learningRate) {
      return 0;
    }

    @Override
    public long stepCount() {
      return 0;
    }

    @Override
    public long parameterCount() {
      return 0;
    }

    @Override
    public Policy frozenCopy() {
      return this;
    }
  }
}
