package dev.align4j.optimizers.optimizer.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.advantage.GroupNormalizedAdvantages;
import dev.align4j.optimizers.advantage.MultiRewardAdvantages;
import dev.align4j.optimizers.advantage.MultiRewardAdvantages.Aggregation;
import dev.align4j.optimizers.kl.AdaptiveKlController;
import dev.align4j.optimizers.kl.FixedKlController;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss;
import dev.align4j.optimizers.objective.policygradient.PpoLoss;
import dev.align4j.optimizers.optimizer.NonFiniteLossException;
import dev.align4j.optimizers.optimizer.PoliteWorld;
import dev.align4j.optimizers.optimizer.TrainingLoop;
import dev.align4j.optimizers.optimizer.preference.PairwisePreferenceOptimizerTest;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.Algorithm;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.KlMode;
import dev.align4j.policies.LogLinearPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyGradientOptimizerTest {
  static final List<Prompt> HELD_OUT = PoliteWorld.prompts(3000, 3050);

  static double train(PolicyGradientOptimizer o, int steps, int batch) {
    StepMetrics m = null;
    for (int s = 0; s < steps; s++) {
      m = o.step(PoliteWorld.prompts(batch * s % 400, batch * s % 400 + batch));
    }
    return m.get("reward");
  }

  @Test
  void grpoRloAndReinforcePlusPlusRaiseTheHeldOutReward() {
    for (Algorithm a : List.of(Algorithm.GRPO, Algorithm.RLOO, Algorithm.REINFORCE_PLUS_PLUS)) {
      LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
      PolicyGradientOptimizer o =
          PolicyGradientOptimizer.builder(a, policy, PoliteWorld.REWARD)
              .groupSize(4)
              .schedule(LearningRateSchedule.constant(0.1))
              .build();
      double before = PoliteWorld.expectedReward(policy, HELD_OUT);
      train(o, 30, 8);
      double after = PoliteWorld.expectedReward(policy, HELD_OUT);
      assertEquals(0.5, before, 1e-12);
      assertTrue(after > 0.9, a + " held-out reward " + after);
    }
  }

  @Test
  void ppoWithAnAdaptiveKlControllerRaisesRewardAndKeepsKlBelowTarget() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    Policy reference = policy.frozenCopy();
    double target = 0.3;
    AdaptiveKlController kl =
        AdaptiveKlController.builder().initialCoefficient(1.0).target(target).horizon(50).build();
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.PPO, policy, PoliteWorld.REWARD)
            .reference(reference)
            .klController(kl)
            .groupSize(2)
            .schedule(LearningRateSchedule.constant(0.02))
            .build();
    StepMetrics m = null;
    for (int s = 0; s < 60; s++) {
      m = o.step(PoliteWorld.prompts(8 * s, 8 * s + 8));
    }
    double reward = PoliteWorld.expectedReward(policy, HELD_OUT);
    double exactKl = PoliteWorld.exactKl(policy, reference, HELD_OUT);
    assertTrue(
        reward > 0.6,
        "PPO held-out reward (0.5 before) "
            + reward
            + ", exact KL "
            + exactKl
            + ", beta "
            + kl.coefficient());
    assertTrue(
        exactKl < target,
        "exact KL "
            + exactKl
            + " target "
            + target
            + ", beta "
            + kl.coefficient()
            + ", reward "
            + reward);
    assertTrue(
        kl.coefficient() < 1.0,
        "the controller lowered beta while KL was under target: " + kl.coefficient());
    assertTrue(
        m.values()
            .keySet()
            .containsAll(List.of("loss", "reward", "kl", "kl_coef", "loss/value_avg")),
        m.values().keySet().toString());
    assertEquals(kl.coefficient(), o.klController().coefficient());
    assertTrue(
        policy.valueHeadParameters()[PoliteWorld.DIMENSION] != 0, "the value head was trained");
  }

  @Test
  void klAsALossTermHoldsThePolicyCloserToTheReference() {
    double[] kls = new double[2];
    for (int i = 0; i < 2; i++) {
      LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
      Policy reference = policy.frozenCopy();
      PolicyGradientOptimizer o =
          PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, PoliteWorld.REWARD)
              .reference(reference)
              .klMode(KlMode.LOSS_TERM)
              .klController(new FixedKlController(i == 0 ? 0.0 : 2.0))
              .groupSize(4)
              .schedule(LearningRateSchedule.constant(0.1))
              .build();
      train(o, 30, 8);
      kls[i] = PoliteWorld.exactKl(policy, reference, HELD_OUT);
    }
    assertTrue(kls[1] < 0.7 * kls[0], "KL without penalty " + kls[0] + ", with β=2 " + kls[1]);
  }

  @Test
  void resumingGivesTheSameTrajectory(@TempDir Path dir) throws Exception {
    LogLinearPolicy a = PoliteWorld.policyBuilder().build();
    LogLinearPolicy b = PoliteWorld.policyBuilder().build();
    PolicyGradientOptimizer oa = ppo(a);
    for (int s = 0; s < 3; s++) {
      oa.step(PoliteWorld.prompts(4 * s, 4 * s + 4));
    }
    Path ckpt = dir.resolve("ppo.ckpt");
    oa.saveCheckpoint(ckpt);
    for (int s = 3; s < 6; s++) {
      oa.step(PoliteWorld.prompts(4 * s, 4 * s + 4));
    }
    PolicyGradientOptimizer ob = ppo(b);
    ob.restoreCheckpoint(ckpt);
    assertEquals(6, ob.stepCount(), "3 rollouts × 2 epochs");
    for (int s = 3; s < 6; s++) {
      ob.step(PoliteWorld.prompts(4 * s, 4 * s + 4));
    }
    assertArrayEquals(a.parameters(), b.parameters(), 0.0);
    assertArrayEquals(a.valueHeadParameters(), b.valueHeadParameters(), 0.0);
    assertEquals(oa.klController().coefficient(), ob.klController().coefficient(), 0.0);
  }

  private static PolicyGradientOptimizer ppo(LogLinearPolicy p) {
    return PolicyGradientOptimizer.builder(Algorithm.PPO, p, PoliteWorld.REWARD)
        .klController(AdaptiveKlController.builder().target(0.1).horizon(100).build())
        .epochs(2)
        .schedule(LearningRateSchedule.constant(0.05))
        .seed(3)
        .build();
  }

  @Test
  void aNonFiniteObjectiveStopsTheStepAndLeavesEverythingUnchanged() {
    LogLinearPolicy policy =
        PoliteWorld.policyBuilder().initialParameters(new double[] {0.2, 0.1, 0, -0.1}).build();
    dev.align4j.optimizers.objective.PolicyGradientObjective broken =
        batch ->
            new dev.align4j.optimizers.objective.PolicyGradientResult(
                Double.POSITIVE_INFINITY,
                new double[batch.sequenceCount()],
                new double[batch.tokenCount()],
                null,
                java.util.Map.of());
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, PoliteWorld.REWARD)
            .objective(broken)
            .groupSize(2)
            .build();
    dev.align4j.optimizers.optimizer.NonFiniteLossException e =
        assertThrows(
            dev.align4j.optimizers.optimizer.NonFiniteLossException.class,
            () -> o.step(PoliteWorld.prompts(5, 7)));
    assertEquals(
        "step 1 failed on batch #1 (2 prompts, first prompt \"q5\"): loss is Infinity; parameters were left unchanged",
        e.getMessage());
    assertArrayEquals(new double[] {0.2, 0.1, 0, -0.1}, policy.parameters(), 0.0);
    assertEquals(0, policy.stepCount());
  }

  /** PPO's loss whose {@code poisonAt}-th evaluation returns a NaN gradient or an infinite loss. */
  static final class PoisonedObjective implements PolicyGradientObjective {
    private final PolicyGradientObjective inner = PpoLoss.builder().build();
    private final boolean nanGradient;
    private int calls;
    private int poisonAt = -1;

    PoisonedObjective(boolean nanGradient) {
      this.nanGradient = nanGradient;
    }

    void poisonCall(int fromNow) {
      poisonAt = calls + fromNow;
    }

    @Override
    public PolicyGradientResult evaluate(PolicyGradientBatch batch) {
      PolicyGradientResult r = inner.evaluate(batch);
      calls++;
      if (calls != poisonAt) {
        return r;
      }
      if (nanGradient) {
        double[] g = r.gradLogProbs().clone();
        g[g.length - 1] = Double.NaN;
        return new PolicyGradientResult(r.loss(), r.losses(), g, r.gradValues(), r.metrics());
      }
      return new PolicyGradientResult(
          Double.POSITIVE_INFINITY, r.losses(), r.gradLogProbs(), r.gradValues(), r.metrics());
    }
  }

  private static PolicyGradientOptimizer threeEpochPpo(
      LogLinearPolicy p, PolicyGradientObjective objective, List<StepMetrics> seen) {
    return PolicyGradientOptimizer.builder(Algorithm.PPO, p, PoliteWorld.REWARD)
        .objective(objective)
        .klController(
            AdaptiveKlController.builder().initialCoefficient(0.3).target(0.05).horizon(40).build())
        .groupSize(2)
        .epochs(3)
        .schedule(LearningRateSchedule.constant(0.05))
        .listener(seen::add)
        .seed(11)
        .build();
  }

  private static byte[] checkpointBytes(PolicyGradientOptimizer o, Path file) throws Exception {
    o.saveCheckpoint(file);
    return Files.readAllBytes(file);
  }

  /**
   * Epoch {@code failingEpoch} of 3 fails: the whole step is rolled back (parameters, value head, AdamW moments and
   * step, the optimiser's step count, the adaptive controller and its history, no listener call), the message says so
   * truthfully, and the next good step is bit-identical to that of a run that never saw the bad batch.
   */
  @ParameterizedTest(name = "epoch {0} of 3, NaN gradient {1}")
  @CsvSource({"2, true", "3, true", "2, false"})
  void aFailureInALaterEpochRollsTheWholeStepBack(
      int failingEpoch, boolean nanGradient, @TempDir Path dir) throws Exception {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    PoisonedObjective objective = new PoisonedObjective(nanGradient);
    List<StepMetrics> seen = new ArrayList<>();
    PolicyGradientOptimizer o = threeEpochPpo(policy, objective, seen);
    LogLinearPolicy twin = PoliteWorld.policyBuilder().build();
    List<StepMetrics> twinSeen = new ArrayList<>();
    PolicyGradientOptimizer fresh =
        threeEpochPpo(twin, new PoisonedObjective(nanGradient), twinSeen);
    for (int s = 0; s < 2; s++) { // non-trivial state: AdamW moments, KL history, a moved β
      o.step(PoliteWorld.prompts(4 * s, 4 * s + 4));
      fresh.step(PoliteWorld.prompts(4 * s, 4 * s + 4));
    }
    double[] theta = policy.parameters();
    double[] valueHead = policy.valueHeadParameters();
    byte[] policyState =
        TrainingLoop.snapshot(policy); // θ, value head, AdamW step and both moments
    byte[] checkpoint =
        checkpointBytes(o, dir.resolve("before.ckpt")); // + loop step, seed, KL history
    double beta = o.klController().coefficient();
    assertEquals(6, o.stepCount());
    assertEquals(6, policy.stepCount());
    assertTrue(beta != 0.3, "the controller has moved: " + beta);
    int listened = seen.size();

    objective.poisonCall(failingEpoch);
    NonFiniteLossException e =
        assertThrows(NonFiniteLossException.class, () -> o.step(PoliteWorld.prompts(100, 104)));
    assertEquals(6, o.stepCount());
    assertEquals(6, policy.stepCount());
    assertTrue(Arrays.equals(bits(theta), bits(policy.parameters())), "θ bit for bit");
    assertTrue(
        Arrays.equals(bits(valueHead), bits(policy.valueHeadParameters())),
        "value head bit for bit");
    assertArrayEquals(policyState, TrainingLoop.snapshot(policy), "parameters and AdamW moments");
    assertEquals(
        Double.doubleToRawLongBits(beta),
        Double.doubleToRawLongBits(o.klController().coefficient()),
        "β");
    assertArrayEquals(
        checkpoint, checkpointBytes(o, dir.resolve("after.ckpt")), "step, seed and KL history");
    assertEquals(listened, seen.size(), "no listener saw the failed step's epochs");
    assertArrayEquals(new double[PoliteWorld.DIMENSION], policy.gradient(), 0.0);
    String detail = nanGradient ? "gradient is not finite" : "loss is Infinity";
    assertTrue(
        e.getMessage()
            .startsWith(
                "step "
                    + (6 + failingEpoch)
                    + " failed on batch #7 (4 prompts, first prompt "
                    + "\"q100\"), epoch "
                    + failingEpoch
                    + " of 3: "
                    + detail),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("; parameters were left unchanged"), e.getMessage());

    List<Prompt> good = PoliteWorld.prompts(200, 204);
    StepMetrics afterFailure = o.step(good);
    StepMetrics neverFailed = fresh.step(good);
    assertEquals(neverFailed, afterFailure);
    assertArrayEquals(
        checkpointBytes(fresh, dir.resolve("fresh.ckpt")),
        checkpointBytes(o, dir.resolve("recovered.ckpt")));
    assertTrue(Arrays.equals(bits(twin.parameters()), bits(policy.parameters())));
    assertEquals(twinSeen, seen);
  }

  private static long[] bits(double[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = Double.doubleToRawLongBits(a[i]);
    }
    return out;
  }

  @Test
  void aKlTheControllerRefusesStopsTheStepBeforeAnyUpdate() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    // 8 samples against a horizon of 1: the multiplier 1 − 0.2·8/1 would be negative.
    AdaptiveKlController kl =
        AdaptiveKlController.builder().initialCoefficient(0.1).horizon(1).build();
    List<StepMetrics> seen = new ArrayList<>();
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.RLOO, policy, PoliteWorld.REWARD)
            .klController(kl)
            .schedule(LearningRateSchedule.constant(0.1))
            .listener(seen::add)
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> o.step(PoliteWorld.prompts(0, 4)));
    assertTrue(
        e.getMessage().startsWith("steps must be < horizon / errorClip (5.0)"), e.getMessage());
    assertArrayEquals(new double[PoliteWorld.DIMENSION], policy.parameters(), 0.0);
    assertEquals(0, policy.stepCount());
    assertEquals(0, o.stepCount());
    assertEquals(0.1, kl.coefficient(), 0.0);
    assertEquals(List.of(), seen);
  }

  @Test
  void moreThanOneEpochNeedsACheckpointablePolicy() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PolicyGradientOptimizer.builder(
                        Algorithm.GRPO,
                        new PairwisePreferenceOptimizerTest.NonMixingPolicyAccess().policy(),
                        PoliteWorld.REWARD)
                    .epochs(2)
                    .build());
    assertTrue(
        e.getMessage()
            .startsWith(
                "epochs > 1 needs a Checkpointable policy (a failed later epoch rolls the step "
                    + "back to its state before the first epoch), was 2 epochs with "),
        e.getMessage());
    PolicyGradientOptimizer.builder(
            Algorithm.GRPO,
            new PairwisePreferenceOptimizerTest.NonMixingPolicyAccess().policy(),
            PoliteWorld.REWARD)
        .build(); // one epoch: the policy's own step is all-or-nothing
  }

  @Test
  void badInputIsNamed() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PolicyGradientOptimizer.builder(
                        Algorithm.PPO,
                        new PairwisePreferenceOptimizerTest.NonMixingPolicyAccess().policy(),
                        PoliteWorld.REWARD)
                    .build());
    assertTrue(e.getMessage().startsWith("PPO needs a ValueHeadPolicy"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, PoliteWorld.REWARD)
                    .groupSize(1)
                    .build());
    assertEquals(
        "groupSize must be >= 2 for GRPO (the baseline needs other samples of the prompt), was 1",
        e.getMessage());
    RewardModel nan = (p, c) -> Double.NaN;
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.RLOO, policy, nan).build();
    e = assertThrows(IllegalArgumentException.class, () -> o.step(PoliteWorld.prompts(0, 2)));
    assertTrue(e.getMessage().startsWith("reward of prompts[0] sample 0 (\"q0 "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> o.step(List.of(Prompt.of(" "))));
    assertEquals("prompts[0] must not be empty, its text was \" \"", e.getMessage());
    assertEquals(0, o.stepCount());
    assertArrayEquals(new double[PoliteWorld.DIMENSION], policy.parameters(), 0.0);
  }

  /** The per-sequence advantages GRPO fed its objective (the first token of each sequence). */
  private static double[] grpoAdvantages(
      Aggregation aggregation, List<List<Double>> seen, boolean setAggregation) {
    List<double[]> captured = new ArrayList<>();
    PolicyGradientObjective grpo = GrpoLoss.builder().build();
    PolicyGradientObjective recording =
        batch -> {
          int[] lengths = batch.lengths();
          double[] perSequence = new double[lengths.length];
          int t = 0;
          for (int i = 0; i < lengths.length; i++) {
            perSequence[i] = batch.advantages()[t];
            t += lengths[i];
          }
          captured.add(perSequence);
          return grpo.evaluate(batch);
        };
    List<RewardModel> functions = new ArrayList<>();
    for (RewardModel f :
        List.<RewardModel>of(PoliteWorld.REWARD, (p, c) -> 100.0 * c.text().length())) {
      List<Double> log = new ArrayList<>();
      seen.add(log);
      functions.add(
          (p, c) -> {
            double v = f.score(p, c);
            log.add(v);
            return v;
          });
    }
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    PolicyGradientOptimizer.Builder b =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, functions)
            .rewardWeights(1.0, 0.5)
            .objective(recording)
            .groupSize(4)
            .schedule(LearningRateSchedule.constant(0.1));
    if (setAggregation) {
      b.multiObjectiveAggregation(aggregation);
    }
    StepMetrics m = b.build().step(PoliteWorld.prompts(0, 3));
    assertEquals(mean(seen.get(0)), m.get("rewards/0/mean"), 1e-12);
    return captured.get(0);
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  private static double[] array(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void grpoAggregatesSeveralRewardFunctionsAsTrlsMultiObjectiveAggregation() {
    List<List<Double>> seen = new ArrayList<>();
    double[] byDefault = grpoAdvantages(Aggregation.SUM_THEN_NORMALIZE, seen, false);
    double[][] scores = {array(seen.get(0)), array(seen.get(1))};
    double[] summed = new double[scores[0].length];
    for (int i = 0; i < summed.length; i++) {
      summed[i] = scores[0][i] + 0.5 * scores[1][i];
    }
    // TRL's default: the weighted sum, group-normalised as a single reward
    assertArrayEquals(
        GroupNormalizedAdvantages.builder().build().compute(summed, 4).advantages(),
        byDefault,
        1e-12);

    seen.clear();
    double[] gdpo = grpoAdvantages(Aggregation.NORMALIZE_THEN_SUM, seen, true);
    double[][] again = {array(seen.get(0)), array(seen.get(1))};
    assertArrayEquals(scores[0], again[0], 0.0); // same seed, same rollout
    assertArrayEquals(
        MultiRewardAdvantages.builder()
            .aggregation(Aggregation.NORMALIZE_THEN_SUM)
            .build()
            .compute(again, new double[] {1.0, 0.5}, 4)
            .advantages(),
        gdpo,
        1e-12);
    assertTrue(
        maxAbsDifference(byDefault, gdpo) > 0.1,
        "the two aggregations must differ on this rollout");
  }

  private static double maxAbsDifference(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }

  @Test
  void normalizeThenSumIsGrpoOnlyWithTheKlAsALossTerm() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PolicyGradientOptimizer.builder(Algorithm.RLOO, policy, PoliteWorld.REWARD)
                    .multiObjectiveAggregation(Aggregation.NORMALIZE_THEN_SUM)
                    .build());
    assertTrue(
        e.getMessage().contains("normalize_then_sum") && e.getMessage().contains("RLOO"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, PoliteWorld.REWARD)
                    .klMode(KlMode.REWARD_PENALTY)
                    .multiObjectiveAggregation(Aggregation.NORMALIZE_THEN_SUM)
                    .build());
    assertTrue(e.getMessage().contains("REWARD_PENALTY"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, List.of(PoliteWorld.REWARD))
                    .rewardWeights(1, 2));
    assertTrue(
        e.getMessage().contains("rewardWeights") && e.getMessage().contains("had 2"),
        e.getMessage());
  }
}
