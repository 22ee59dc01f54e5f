package dev.align4j.optimizers.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.optimizers.objective.listwise.ListwiseObjectives;
import dev.align4j.optimizers.objective.unpaired.UnpairedObjectives;
import dev.align4j.optimizers.optimizer.preference.ListwisePreferenceOptimizer;
import dev.align4j.optimizers.optimizer.preference.OnlinePreferenceOptimizer;
import dev.align4j.optimizers.optimizer.preference.PairwisePreferenceOptimizer;
import dev.align4j.optimizers.optimizer.preference.UnpairedPreferenceOptimizer;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.Algorithm;
import dev.align4j.optimizers.optimizer.sft.RejectionSamplingOptimizer;
import dev.align4j.optimizers.optimizer.sft.SftExample;
import dev.align4j.optimizers.optimizer.sft.SftOptimizer;
import dev.align4j.policies.LogLinearPolicy;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerLanguageModel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The optimisers drive the policy through its batch methods only ({@code sampleBatch}, {@code forwardBatch},
 * {@code backwardBatch}, {@code logProbsBatch}, on the policy and on the reference), never through {@code sample},
 * {@code forward}, {@code logProbs} or a forward pass's own {@code backward}; sequence-level gradients reach the policy as one value per sequence
 * ({@link TokenGradients.PerSequence}) and policy-gradient ones per token ({@link TokenGradients.PerToken}) over the
 * objective's layout. Recorded with {@link BatchRecordingPolicy} over the log-linear policy (one token per
 * completion) and the transformer (several tokens per completion).
 */
class BatchPathTest {
  static final double BETA = 0.1;
  static final LearningRateSchedule RATE = LearningRateSchedule.constant(0.1);

  static BatchRecordingPolicy logLinear() {
    return new BatchRecordingPolicy(PoliteWorld.policyBuilder().build());
  }

  static BatchRecordingPolicy.Reference onlyReference(BatchRecordingPolicy p) {
    assertEquals(1, p.references.size(), "the optimiser's default reference is one frozen copy");
    return p.references.get(0);
  }

  static TokenGradients.PerSequence perSequence(TokenGradients g) {
    return assertInstanceOf(TokenGradients.PerSequence.class, g);
  }

  @Test
  void dpoWithRpoSendsOneGradientPerSequenceIncludingTheNllTerm() {
    BatchRecordingPolicy policy = logLinear();
    double alpha = 0.5;
    PairwisePreferenceOptimizer o =
        PairwisePreferenceOptimizer.builder(
                policy, Objectives.pairwise("sigmoid", Map.of("beta", BETA)))
            .rpoAlpha(alpha)
            .schedule(RATE)
            .build();
    int n = 4;
    o.step(PoliteWorld.pairs(0, n, 1));
    o.step(PoliteWorld.pairs(n, 2 * n, 2));
    assertTrue(policy.usedOnlyBatchCalls(), policy.toString());
    assertEquals(2, policy.forwardBatches);
    assertEquals(2, policy.gradients.size(), "one backwardBatch per step");
    BatchRecordingPolicy.Reference ref = onlyReference(policy);
    assertEquals(2, ref.logProbsBatches, "each step's new completions in one reference call");
    // step 1: π = π_ref, so σ(−β·margin) = 1/2: ∂L/∂log π(y_w) = −β/(2n), ∂L/∂log π(y_l) = +β/(2n)
    // (DPO, mean over
    // the n pairs), and RPO's ∂(α·mean_i −log π(y_w,i)/|y_w,i|)/∂log π(y_w,i) = −α/(n·|y_w,i|),
    // |y_w,i| = 1 token
    double[] g = perSequence(policy.gradients.get(0)).values();
    assertEquals(
        2 * n, g.length, "one value per chosen and per rejected completion, not per token");
    for (int i = 0; i < n; i++) {
      assertEquals(-BETA / (2 * n) - alpha / n, g[2 * i], 1e-15, "chosen " + i);
      assertEquals(BETA / (2 * n), g[2 * i + 1], 1e-15, "rejected " + i);
    }
  }

  @Test
  void dpoOnTheTransformerSpreadsTheRpoTermOverTheChosenTokens() {
    TransformerLanguageModel lm = TransformerAlignmentTest.tinyModel(7);
    BatchRecordingPolicy policy = new BatchRecordingPolicy(lm);
    double alpha = 1.0;
    PairwisePreferenceOptimizer o =
        PairwisePreferenceOptimizer.builder(
                policy, Objectives.pairwise("sigmoid", Map.of("beta", BETA)))
            .rpoAlpha(alpha)
            .schedule(LearningRateSchedule.constant(0.01))
            .build();
    List<PairwiseComparison> pairs = new ArrayList<>();
    String[] names = {"ann", "bob", "cid"};
    for (String name : names) {
      pairs.add(
          PairwiseComparison.preferring(
              TransformerAlignmentTest.prompt(name),
              TransformerAlignmentTest.polite(name),
              TransformerAlignmentTest.rude(name),
              PoliteWorld.RULE));
    }
    o.step(pairs);
    assertTrue(policy.usedOnlyBatchCalls(), policy.toString());
    double[] g = perSequence(policy.gradients.get(0)).values();
    int n = names.length;
    assertEquals(2 * n, g.length);
    for (int i = 0; i < n; i++) {
      // the RPO term is a token mean: −α/(n·|y_w|) per chosen sequence, |y_w| counted by the model
      // itself
      int chosenTokens = lm.logProbs(pairs.get(i).prompt(), pairs.get(i).chosen()).length();
      assertTrue(chosenTokens > 1, "several tokens: " + chosenTokens);
      assertEquals(
          -BETA / (2 * n) - alpha / (n * (double) chosenTokens), g[2 * i], 1e-12, "chosen " + i);
      assertEquals(BETA / (2 * n), g[2 * i + 1], 1e-12, "rejected " + i);
    }
  }

  @Test
  void precomputingTheReferenceRunsOneBatchOnThePolicyAndOneOnTheReference() {
    BatchRecordingPolicy policy = logLinear();
    PairwisePreferenceOptimizer o =
        PairwisePreferenceOptimizer.builder(policy, Objectives.pairwise("sigmoid", Map.of()))
            .build();
    List<PairwiseComparison> pairs = PoliteWorld.pairs(0, 5, 3);
    o.precomputeReference(pairs);
    assertTrue(policy.usedOnlyBatchCalls(), policy.toString());
    assertEquals(1, policy.logProbsBatches);
    assertEquals(1, onlyReference(policy).logProbsBatches);
    assertEquals(10, o.referenceCache().misses());
    o.step(pairs);
    assertEquals(10, o.referenceCache().hits(), "the step finds every completion cached");
    assertEquals(
        1,
        onlyReference(policy).logProbsBatches,
        "no reference call for a batch that is all cached");
    List<PairwiseComparison> unknown =
        List.of(
            pairs.get(0),
            PairwiseComparison.preferring(
                PoliteWorld.prompt(1),
                Completion.of("unknown"),
                pairs.get(1).rejected(),
                PoliteWorld.RULE));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> o.precomputeReference(unknown));
    assertEquals(
        "pairs[1]: completion must be one of the 6 candidates of the prompt, was \"unknown\"",
        e.getMessage());
  }

  @Test
  void aPairRefusedByThePolicyIsNamedByItsIndexAndSide() {
    BatchRecordingPolicy policy = logLinear();
    PairwisePreferenceOptimizer o =
        PairwisePreferenceOptimizer.builder(policy, Objectives.pairwise("sigmoid", Map.of()))
            .build();
    List<PairwiseComparison> pairs = new ArrayList<>(PoliteWorld.pairs(0, 3, 3));
    pairs.set(
        2,
        PairwiseComparison.preferring(
            PoliteWorld.prompt(2), pairs.get(2).chosen(), Completion.of("nope"), PoliteWorld.RULE));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.step(pairs));
    assertEquals(
        "batch[2].rejected: completion must be one of the 6 candidates of the prompt, was \"nope\"",
        e.getMessage());
    assertEquals(0, o.stepCount());
  }

  @Test
  void aNonFiniteSequenceGradientWithAFiniteLossStopsTheStepAsBeforeAndChangesNothing() {
    LogLinearPolicy inner =
        PoliteWorld.policyBuilder().initialParameters(new double[] {0.1, 0.2, 0.3, 0.4}).build();
    BatchRecordingPolicy policy = new BatchRecordingPolicy(inner);
    PairwiseObjective broken =
        batch -> {
          double[] rejected = new double[batch.size()];
          rejected[1] = Double.POSITIVE_INFINITY;
          return new PairwiseResult(
              0.5, new double[batch.size()], new double[batch.size()], rejected, Map.of());
        };
    PairwisePreferenceOptimizer o = PairwisePreferenceOptimizer.builder(policy, broken).build();
    NonFiniteLossException e =
        assertThrows(NonFiniteLossException.class, () -> o.step(PoliteWorld.pairs(0, 2, 1)));
    // pair 1's rejected completion is sequence 3 of the batch (chosen and rejected interleaved)
    assertEquals(
        "step 1 failed on batch #1 (2 pairs, first prompt \"q0\"): gradient is not finite (∂loss/∂log π(y|x) of "
            + "sequence[3] is Infinity); parameters were left unchanged",
        e.getMessage());
    assertEquals(List.of(), policy.gradients, "nothing reached the policy");
    assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, inner.parameters(), 0.0);
    assertArrayEquals(new double[4], inner.gradient(), 0.0);
    assertEquals(0, o.stepCount());
  }

  @Test
  void ktoRunsTheKlPairsAsABatchToo() {
    BatchRecordingPolicy policy = logLinear();
    UnpairedPreferenceOptimizer o =
        UnpairedPreferenceOptimizer.builder(policy, UnpairedObjectives.create("kto", Map.of()))
            .klPairs(UnpairedPreferenceOptimizer.KlPairs.SAMPLED)
            .schedule(RATE)
            .build();
    List<BinaryLabel> batch = OptimizerTrajectoryTest.binaryLabels(0, 6, 4);
    o.step(batch);
    assertTrue(policy.usedOnlyBatchCalls(), policy.toString());
    assertEquals(1, policy.forwardBatches);
    assertEquals(1, policy.logProbsBatches, "the KL pairs");
    assertEquals(List.of(6), policy.sampleBatchSizes, "the KL pairs sampled in one call");
    assertEquals(
        2, onlyReference(policy).logProbsBatches, "the labelled completions, then the KL pairs");
    assertEquals(6, perSequence(policy.gradients.get(0)).values().length);
  }

  @Test
  void listwiseSendsOneGradientPerCandidate() {
    BatchRecordingPolicy policy = logLinear();
    ListwisePreferenceOptimizer o =
        ListwisePreferenceOptimizer.builder(
                policy, ListwiseObjectives.create("dpo_pl", Map.of("beta", BETA)))
            .schedule(RATE)
            .build();
    List<Ranking> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Prompt p = PoliteWorld.prompt(i);
      batch.add(
          new Ranking(p, PoliteWorld.candidates(p), List.of(0, 2, 4, 1, 3, 5), PoliteWorld.RULE));
    }
    o.step(batch);
    assertTrue(policy.usedOnlyBatchCalls(), policy.toString());
    assertEquals(1, policy.forwardBatches);
    assertEquals(18, perSequence(policy.gradients.get(0)).values().length);
    List<Ranking> bad =
        List.of(
            batch.get(0),
            new Ranking(
                PoliteWorld.prompt(1),
                List.of(Completion.of("q1 polite reply 0"), Completion.of("what")),
                List.of(1, 0),
                PoliteWorld.RULE));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.step(bad));
    assertEquals(
        "batch[1] rank 0: completion must be one of the 6 candidates of the prompt, was \"what\"",
        e.getMessage());
  }

  @Test
  void sftSendsTheTokenMeanGradientOncePerSequence() {
    BatchRecordingPolicy policy = logLinear();
    SftOptimizer o = SftOptimizer.builder(policy).schedule(RATE).build();
    List<SftExample> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Prompt p = PoliteWorld.prompt(i);
      batch.add(new SftExample(p, PoliteWorld.candidates(p).get(i)));
    }
    o.step(batch);
    assertTrue(policy.usedOnlyBatchCalls(), policy.toString());
    assertEquals(1, policy.forwardBatches);
    // L = −Σ log π / Σ|y|, one token per completion: ∂L/∂log π(y_i) = −1/5 for each of the 5
    // sequences
    assertArrayEquals(
        new double[] {-0.2, -0.2, -0.2, -0.2, -0.2},
        perSequence(policy.gradients.get(0)).values(),
        0.0);
  }

  @Test
  void sftOnTheTransformerDividesByTheBatchTokenCount() {
    TransformerLanguageModel lm = TransformerAlignmentTest.tinyModel(8);
    BatchRecordingPolicy policy = new BatchRecordingPolicy(lm);
    SftOptimizer o =
        SftOptimizer.builder(policy).schedule(LearningRateSchedule.constant(0.01)).build();
    List<SftExample> batch =
        List.of(
            new SftExample(
                TransformerAlignmentTest.prompt("ann"), TransformerAlignmentTest.polite("ann")),
            new SftExample(TransformerAlignmentTest.prompt("bob"), Completion.of("bob")));
    o.step(batch);
    assertTrue(policy.usedOnlyBatchCalls(), policy.toString());
    // every token's gradient is −1/(|y_0| + |y_1|), sent as one value per sequence
    int first = lm.logProbs(batch.get(0).prompt(), batch.get(0).completion()).length();
    int second = lm.logProbs(batch.get(1).prompt(), batch.get(1).completion()).length();
    assertTrue(first > second, first + " and " + second + " tokens");
    double g = -1.0 / (first + second);
    assertArrayEquals(new double[] {g, g}, perSequence(policy.gradients.get(0)).values(), 0.0);
  }

  @Test
  void rejectionSamplingAndOnlinePreferencesUseTheBatchPath() {
    BatchRecordingPolicy policy = logLinear();
    RejectionSamplingOptimizer rs =
        RejectionSamplingOptimizer.builder(policy, PoliteWorld.REWARD).n(3).schedule(RATE).build();
    rs.step(PoliteWorld.prompts(0, 4));
    assertTrue(policy.usedOnlyBatchCalls(), policy.toString());
    assertEquals(List.of(12), policy.sampleBatchSizes, "best of 3 for 4 prompts in one call");
    assertEquals(4, perSequence(policy.gradients.get(0)).values().length);

    BatchRecordingPolicy online = logLinear();
    OnlinePreferenceOptimizer o =
        OnlinePreferenceOptimizer.builder(
                online, Objectives.pairwise("sigmoid", Map.of("beta", BETA)))
            .rewardModel(PoliteWorld.REWARD)
            .samplesPerPrompt(4)
            .schedule(RATE)
            .build();
    double pairs = o.step(PoliteWorld.prompts(0, 6)).get("pairs");
    assertTrue(online.usedOnlyBatchCalls(), online.toString());
    assertEquals(List.of(24), online.sampleBatchSizes, "6 prompts × 4 samples in one call");
    assertEquals(1, online.forwardBatches);
    assertEquals(2 * (int) pairs, perSequence(online.gradients.get(0)).values().length);
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"GRPO", "RLOO", "REINFORCE_PLUS_PLUS"})
  void policyGradientSendsTheObjectivesFlatTokenGradients(Algorithm algorithm) {
    BatchRecordingPolicy policy = logLinear();
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(algorithm, policy, PoliteWorld.REWARD)
            .groupSize(2)
            .schedule(RATE)
            .build();
    o.step(PoliteWorld.prompts(0, 3));
    assertTrue(policy.usedOnlyBatchCalls(), policy.toString());
    assertEquals(List.of(6), policy.sampleBatchSizes, "3 prompts × 2 samples in one call");
    assertEquals(0, policy.logProbsBatches, "one epoch: π_old is the update's forward pass");
    assertEquals(1, policy.forwardBatches, "the update, run in the rollout");
    assertEquals(0, policy.forwardBatchesWithValues);
    assertEquals(1, onlyReference(policy).logProbsBatches, "π_ref of the rollout");
    TokenGradients.PerToken g =
        assertInstanceOf(TokenGradients.PerToken.class, policy.gradients.get(0));
    assertArrayEquals(
        new int[] {0, 1, 2, 3, 4, 5, 6}, g.offsets(), "6 one-token samples end to end");
    assertEquals(List.of(), policy.valueGradients);
  }

  @Test
  void severalEpochsKeepASeparatePiOldAndAForwardPassPerEpoch() {
    BatchRecordingPolicy policy = logLinear();
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, PoliteWorld.REWARD)
            .groupSize(2)
            .epochs(2)
            .schedule(RATE)
            .build();
    o.step(PoliteWorld.prompts(0, 3));
    assertTrue(policy.usedOnlyBatchCalls(), policy.toString());
    assertEquals(List.of(6), policy.sampleBatchSizes);
    assertEquals(1, policy.logProbsBatches, "π_old of the rollout");
    assertEquals(2, policy.forwardBatches, "one per epoch");
    assertEquals(2, policy.gradients.size());
  }

  @Test
  void ppoSendsTokenAndValueGradientsLaidOutAlike() {
    TransformerLanguageModel lm = TransformerAlignmentTest.tinyModel(9);
    BatchRecordingPolicy policy = new BatchRecordingPolicy(lm);
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(
                Algorithm.PPO, policy, (p, c) -> c.text().contains("please") ? 1.0 : 0.0)
            .groupSize(2)
            .epochs(2)
            .sampling(new SamplingParameters(1.0, 0, 1.0, 4))
            .schedule(LearningRateSchedule.constant(0.01))
            .build();
    o.step(List.of(TransformerAlignmentTest.prompt("ann"), TransformerAlignmentTest.prompt("bob")));
    assertTrue(policy.usedOnlyBatchCalls(), policy.toString());
    assertEquals(List.of(4), policy.sampleBatchSizes, "2 prompts × 2 samples in one call");
    assertEquals(3, policy.forwardBatchesWithValues, "the rollout, then one per epoch");
    assertEquals(0, policy.forwardBatches);
    assertEquals(0, policy.logProbsBatches);
    assertEquals(List.of(), policy.gradients, "no backward pass without the value gradients");
    assertEquals(2, policy.valueGradients.size());
    int[] expected = new int[5];
    for (int i = 0; i < 4; i++) {
      expected[i + 1] =
          expected[i]
              + lm.logProbs(policy.lastPrompts.get(i), policy.lastCompletions.get(i)).length();
    }
    for (TokenGradients.PerToken[] g : policy.valueGradients) {
      assertArrayEquals(expected, g[0].offsets(), "the rollout's token layout");
      assertSame(g[0].offsets(), g[1].offsets(), "values laid out like the log-probs");
      assertEquals(expected[4], g[0].values().length);
      assertEquals(expected[4], g[1].values().length);
    }
  }

  @Test
  void grpoStepsOnTheTransformerAreBitIdenticalOnOneAndTwoThreads() throws Exception {
    // the rollout's samples (one seed per example), the log-probs and the gradient reduction do not
    // depend on the executor: the model after three GRPO steps is the same, byte for byte, on the
    // caller's thread and on 1 or 2
    ExecutorService one = Executors.newFixedThreadPool(1);
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      List<byte[]> states = new ArrayList<>();
      byte[] initial = null;
      for (Executor executor : List.<Executor>of(Runnable::run, one, two)) {
        TransformerConfig c =
            TransformerConfig.builder()
                .width(16)
                .heads(2)
                .layers(1)
                .contextLength(16)
                .gradientShards(3)
                .build();
        TransformerLanguageModel lm =
            TransformerLanguageModel.create(
                TransformerAlignmentTest.tokenizer(), c, new SplittableRandom(11), executor, true);
        initial = state(lm);
        PolicyGradientOptimizer o =
            PolicyGradientOptimizer.builder(
                    Algorithm.GRPO, lm, (p, comp) -> comp.text().contains("please") ? 1.0 : 0.0)
                .groupSize(4)
                .sampling(new SamplingParameters(1.0, 0, 1.0, 5))
                .schedule(LearningRateSchedule.constant(0.01))
                .seed(5)
                .build();
        for (int step = 0; step < 3; step++) {
          o.step(
              List.of(
                  TransformerAlignmentTest.prompt("ann"),
                  TransformerAlignmentTest.prompt("bob"),
                  TransformerAlignmentTest.prompt("cid")));
        }
        states.add(state(lm));
      }
      assertFalse(Arrays.equals(initial, states.get(0)), "the steps moved the model");
      assertArrayEquals(states.get(0), states.get(1), "caller's thread and a 1-thread pool");
      assertArrayEquals(states.get(0), states.get(2), "caller's thread and a 2-thread pool");
    } finally {
      one.shutdownNow();
      two.shutdownNow();
    }
  }

  private static byte[] state(TransformerLanguageModel lm) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      lm.writeState(out);
    }
    return bytes.toByteArray();
  }

  @Test
  void aRolloutSampleTheReferenceRefusesIsNamed() {
    BatchRecordingPolicy policy = logLinear();
    // a reference over other candidates refuses every sample of the policy
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, PoliteWorld.REWARD)
            .reference(
                PoliteWorld.policyBuilder()
                    .candidates(p -> List.of(Completion.of("x"), Completion.of("y")))
                    .build()
                    .frozenCopy())
            .groupSize(2)
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> o.step(PoliteWorld.prompts(0, 2)));
    assertTrue(
        e.getMessage()
            .startsWith("prompts[0] sample 0: completion must be one of the 2 candidates"),
        e.getMessage());
  }
}
