package dev.align4j.optimizers.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.StepMetrics;
import dev.align4j.core.eval.HealthStatus;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.kl.FixedKlController;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingHealthMonitorTest {
  static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static StepMetrics step(long n, Map<String, Double> values) {
    return new StepMetrics(n, values);
  }

  // numpy: kl = [0.1, 0.12, 0.09, 0.11, 0.1, 0.13, 0.08, 0.1, 0.11, 0.12]; mean 0.106, std(ddof=1)
  // 0.01505545305418162,
  // limit max(mean + 6 std, 2 mean + 0.05) = 0.262
  static final double[] QUIET_KL = {0.1, 0.12, 0.09, 0.11, 0.1, 0.13, 0.08, 0.1, 0.11, 0.12};

  @Test
  void aKlSpikeLowersTheLearningRateOnceWithItsEvidence() {
    AdjustableLearningRate lr = new AdjustableLearningRate(LearningRateSchedule.constant(0.1));
    TrainingHealthMonitor m =
        TrainingHealthMonitor.builder().learningRate(lr, 0.5).clock(CLOCK).build();
    for (int i = 0; i < QUIET_KL.length; i++) {
      m.onStep(step(i + 1, Map.of("kl", QUIET_KL[i])));
    }
    assertEquals(List.of(), m.firings());
    m.onStep(step(11, Map.of("kl", 0.27)));
    assertEquals(1, m.firings().size());
    RuleFiring f = m.firings().get(0);
    assertEquals("kl_spike", f.rule());
    assertEquals("KL_SPIKE", f.code());
    assertEquals(RuleAction.LOWER_LEARNING_RATE, f.action());
    assertEquals(11, f.step());
    assertEquals(NOW, f.at());
    assertEquals(0.106, f.evidence().get("kl_trailing_mean"), 1e-12);
    assertEquals(0.01505545305418162, f.evidence().get("kl_trailing_std"), 1e-12);
    assertEquals(0.262, f.evidence().get("limit"), 1e-12);
    assertEquals(0.5, f.evidence().get("learning_rate_factor"), 0.0);
    assertEquals(0.05, lr.rate(0), 1e-15);
    HealthStatus s = m.status();
    assertEquals(HealthStatus.State.WARNING, s.state());
    assertEquals("KL_SPIKE", s.code());
    assertTrue(s.allowsPromotion());
  }

  @Test
  void aKlJustUnderTheLimitDoesNotFire() {
    TrainingHealthMonitor m = TrainingHealthMonitor.builder().clock(CLOCK).build();
    for (int i = 0; i < QUIET_KL.length; i++) {
      m.onStep(step(i + 1, Map.of("kl", QUIET_KL[i])));
    }
    m.onStep(step(11, Map.of("kl", 0.2619)));
    assertEquals(List.of(), m.firings());
    assertEquals(HealthStatus.State.HEALTHY, m.status().state());
  }

  @Test
  void aRuleThatKeepsFiringIsOneFiringUntilItFallsQuiet() {
    AdjustableKlController kl = new AdjustableKlController(new FixedKlController(0.05));
    TrainingHealthMonitor m =
        TrainingHealthMonitor.builder()
            .rules(List.of(HealthRules.klCeiling(1.0, RuleAction.RAISE_KL_COEFFICIENT)))
            .klController(kl, 2.0)
            .window(1)
            .clock(CLOCK)
            .build();
    m.onStep(step(1, Map.of("kl", 0.5)));
    m.onStep(step(2, Map.of("kl", 1.5)));
    m.onStep(step(3, Map.of("kl", 1.6)));
    assertEquals(1, m.firings().size());
    assertEquals(0.1, kl.coefficient(), 1e-15);
    m.onStep(step(4, Map.of("kl", 0.5)));
    m.onStep(step(5, Map.of("kl", 2.0)));
    assertEquals(2, m.firings().size());
    assertEquals(5, m.firings().get(1).step());
    assertEquals(0.2, kl.coefficient(), 1e-15);
    assertEquals(0.2, m.firings().get(1).evidence().get("kl_coef"), 1e-15);
  }

  @Test
  void anActionWithoutItsHookIsRecordedAndSaysSo() {
    TrainingHealthMonitor m =
        TrainingHealthMonitor.builder()
            .rules(List.of(HealthRules.klCeiling(1.0, RuleAction.RAISE_KL_COEFFICIENT)))
            .clock(CLOCK)
            .build();
    m.onStep(step(1, Map.of("kl", 3.0)));
    assertTrue(
        m.firings()
            .get(0)
            .reason()
            .endsWith("no adjustable KL controller was given, nothing raised"),
        m.firings().get(0).reason());
  }

  @Test
  void lengthDriftIsTheSmoothedLengthOverTheBaselineAndStopsTheRun() {
    TrainingHealthMonitor m =
        TrainingHealthMonitor.builder().window(3).baselineSteps(2).clock(CLOCK).build();
    m.onStep(step(1, Map.of("completions/mean_length", 10.0)));
    m.onStep(step(2, Map.of("completions/mean_length", 12.0)));
    m.onStep(step(3, Map.of("completions/mean_length", 13.0)));
    // baseline (10 + 12)/2 = 11; window (12 + 13 + 14)/3 = 13; 13/11 = 1.1818 < 1.2
    m.onStep(step(4, Map.of("completions/mean_length", 14.0)));
    TrainingSignals s = m.history().get(3);
    assertEquals(11.0, s.lengthBaseline(), 1e-12);
    assertEquals(13.0, s.length(), 1e-12);
    assertEquals(13.0 / 11.0, s.lengthRatio(), 1e-12);
    assertEquals(HealthStatus.State.HEALTHY, m.status().state());
    // window (13 + 14 + 16.6)/3 = 14.5333; /11 = 1.3212
    TrainingStoppedException e =
        assertThrows(
            TrainingStoppedException.class,
            () -> m.onStep(step(5, Map.of("completions/mean_length", 16.6))));
    assertEquals("length_drift", e.firing().rule());
    assertEquals(-1, e.lastHealthyStep(), "no healthy state kept without keepHealthyState");
    assertEquals((13 + 14 + 16.6) / 3 / 11, e.firing().evidence().get("length_ratio"), 1e-12);
    HealthStatus status = m.status();
    assertEquals(HealthStatus.State.FAILED, status.state());
    assertEquals("LENGTH_HACKING", status.code());
    assertEquals(NOW, status.at());
    assertTrue(!status.allowsPromotion());
    assertTrue(m.report().contains("step 5 length_drift -> STOP (LENGTH_HACKING)"), m.report());
  }

  @Test
  void goldPeakProxyAtPeakAndTheOnlineCurveAreTracked() {
    double[] gold = {0.10, 0.20, 0.26, 0.25, 0.24, 0.23};
    double[] kl = {0.04, 0.25, 0.81, 1.69, 2.89, 4.41};
    double[] proxy = {0.5, 0.7, 0.9, 1.0, 1.1, 1.2};
    TrainingHealthMonitor m =
        TrainingHealthMonitor.builder()
            .rules(List.of(HealthRules.goldDrop(0.1, RuleAction.STOP)))
            .window(1)
            .goldReward(step -> gold[(int) step - 1], 1)
            .clock(CLOCK)
            .build();
    for (int i = 0; i < 5; i++) {
      m.onStep(step(i + 1, Map.of("kl", kl[i], "reward", proxy[i])));
    }
    TrainingSignals s = m.history().get(4);
    assertEquals(0.26, s.goldPeak(), 0.0);
    assertEquals(3, s.goldPeakStep());
    assertEquals(0.9, s.proxyAtGoldPeak(), 0.0);
    assertEquals((0.26 - 0.24) / 0.26, s.goldDrop(), 1e-12);
    assertEquals(1.1 - 0.24, s.proxyGoldGap(), 1e-12);
    assertEquals(Math.sqrt(2.89), s.d(), 1e-12);
    // the curve is the least-squares fit of the gains over the first gold value at d = sqrt(kl)
    OverOptimizationCurve expected =
        OverOptimizationCurve.fit(
            new double[] {0.2, 0.5, 0.9, 1.3, 1.7}, new double[] {0, 0.10, 0.16, 0.15, 0.14});
    assertNotNull(s.curve());
    assertEquals(expected.alpha(), s.curve().alpha(), 1e-12);
    assertEquals(expected.beta(), s.curve().beta(), 1e-12);
    assertEquals(List.of(), m.firings(), "7.7 % is under the 10 % limit");
    TrainingStoppedException e =
        assertThrows(
            TrainingStoppedException.class,
            () -> m.onStep(step(6, Map.of("kl", kl[5], "reward", proxy[5]))));
    assertEquals("PROXY_GOLD_DIVERGENCE", e.firing().code());
    assertEquals(3.0, e.firing().evidence().get("gold_peak_step"), 0.0);
  }

  @Test
  void aGoldFallWhileTheProxyFallsTooIsNotDivergence() {
    double[] gold = {0.3, 0.2};
    TrainingHealthMonitor m =
        TrainingHealthMonitor.builder()
            .rules(List.of(HealthRules.goldDrop(0.1, RuleAction.STOP)))
            .window(1)
            .goldReward(step -> gold[(int) step - 1], 1)
            .build();
    m.onStep(step(1, Map.of("kl", 0.1, "reward", 1.0)));
    m.onStep(step(2, Map.of("kl", 0.2, "reward", 0.8)));
    assertEquals(List.of(), m.firings());
  }

  @Test
  void theLastHealthyStateIsKeptAndRestored() throws Exception {
    dev.align4j.policies.LogLinearPolicy policy = VerbosityWorld.policy();
    TrainingHealthMonitor m =
        TrainingHealthMonitor.builder()
            .rules(List.of(HealthRules.klCeiling(1.0, RuleAction.STOP)))
            .window(1)
            .keepHealthyState(policy)
            .build();
    m.onStep(step(1, Map.of("kl", 0.5)));
    double[] healthy = policy.parameters().clone();
    policy.readState(stateWith(new double[] {1, 2, 3, 4}, policy));
    assertThrows(TrainingStoppedException.class, () -> m.onStep(step(2, Map.of("kl", 2.0))));
    assertEquals(1, m.lastHealthyStep());
    assertEquals(1, m.restoreLastHealthy());
    org.junit.jupiter.api.Assertions.assertArrayEquals(healthy, policy.parameters(), 0.0);
  }

  private static java.io.DataInput stateWith(
      double[] theta, dev.align4j.policies.LogLinearPolicy like) {
    dev.align4j.policies.LogLinearPolicy other =
        dev.align4j.policies.LogLinearPolicy.builder()
            .dimension(VerbosityWorld.DIMENSION)
            .featurizer(VerbosityWorld::features)
            .candidates(VerbosityWorld::candidates)
            .initialParameters(theta)
            .build();
    byte[] bytes = dev.align4j.optimizers.optimizer.TrainingLoop.snapshot(other);
    return new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes));
  }

  @Test
  void restoringWithoutAKeptStateSaysWhy() {
    TrainingHealthMonitor m = TrainingHealthMonitor.builder().build();
    IllegalStateException e = assertThrows(IllegalStateException.class, m::restoreLastHealthy);
    assertEquals("no healthy state was kept (keepHealthyState was not set)", e.getMessage());
    assertNull(m.status().at(), "nothing observed yet");
    assertEquals(HealthStatus.State.HEALTHY, m.status().state());
    assertEquals("training_health", m.status().source());
  }

  @Test
  void badSettingsAreNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainingHealthMonitor.builder()
                    .rules(
                        List.of(
                            HealthRules.klCeiling(1, RuleAction.WARN),
                            HealthRules.klCeiling(2, RuleAction.STOP))));
    assertEquals("rules must have distinct names, kl_ceiling appears twice", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> HealthRules.lengthDrift(0.9, RuleAction.STOP));
    assertEquals("maxRatio must be > 1, was 0.9", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrainingHealthMonitor.builder().referenceLength(-1));
    assertEquals("referenceLength must be finite and > 0, was -1.0", e.getMessage());
  }

  @Test
  void zeroStdGroupsClipFractionEntropyAndDominanceFire() {
    TrainingHealthMonitor m =
        TrainingHealthMonitor.builder().window(1).baselineSteps(1).clock(CLOCK).build();
    m.onStep(
        step(
            1,
            Map.of(
                "entropy",
                2.0,
                "frac_reward_zero_std",
                0.1,
                "clip_ratio/region_mean",
                0.05,
                "rewards/length/variance_share",
                0.5,
                "rewards/correctness/variance_share",
                0.5)));
    assertEquals(List.of(), m.firings());
    m.onStep(
        step(
            2,
            Map.of(
                "entropy",
                0.3,
                "frac_reward_zero_std",
                0.6,
                "clip_ratio/region_mean",
                0.4,
                "rewards/length/variance_share",
                0.9,
                "rewards/correctness/variance_share",
                0.1)));
    List<String> codes = m.firings().stream().map(RuleFiring::code).toList();
    assertEquals(
        List.of("ZERO_STD_GROUPS", "CLIP_FRACTION_HIGH", "ENTROPY_COLLAPSE", "REWARD_DOMINANCE"),
        codes);
    assertTrue(m.firings().get(3).reason().startsWith("reward component length explains 0.9000"));
    assertEquals(HealthStatus.State.WARNING, m.status().state());
  }

  @Test
  void aRewardThatCannotScoreOneSampleInFiveWarns() {
    TrainingHealthMonitor m = TrainingHealthMonitor.builder().clock(CLOCK).build();
    // smoothed over 5 steps: 0.1, 0.1, 0.1667, 0.2 (= (0.1 + 0.1 + 0.3 + 0.3) / 4) -> fires at step
    // 4
    double[] rates = {0.1, 0.1, 0.3, 0.3, 0.3};
    for (int i = 0; i < 3; i++) {
      m.onStep(step(i + 1, Map.of("frac_reward_abstained", rates[i])));
    }
    assertEquals(List.of(), m.firings());
    m.onStep(step(4, Map.of("frac_reward_abstained", rates[3])));
    assertEquals(1, m.firings().size());
    RuleFiring f = m.firings().get(0);
    assertEquals("REWARD_ABSTENTIONS", f.code());
    assertEquals(RuleAction.WARN, f.action());
    assertEquals(0.2, f.evidence().get("abstention_rate"), 1e-15);
    assertEquals(0.2, m.history().get(3).abstentionRate(), 1e-15);

    // an abstention meter's per-verifier rate (the largest one) counts when the optimiser gives
    // none
    TrainingHealthMonitor meter = TrainingHealthMonitor.builder().window(1).clock(CLOCK).build();
    meter.onStep(
        step(
            1,
            Map.of(
                "rewards/correct/abstention_rate",
                0.05,
                "rewards/format/abstention_rate",
                0.25,
                "rewards/format/abstention_rate/no_answer",
                0.9)));
    assertEquals(0.25, meter.history().get(0).abstentionRate(), 0.0);
    assertEquals("REWARD_ABSTENTIONS", meter.firings().get(0).code());
  }

  @Test
  void theOverOptimizationRuleFiresPastThePeakOfAPlantedGaoCurve() {
    // gold gain R(d) = d(0.2 − 0.2 ln d): peak at d* = exp(α/β − 1) = 1; KL = d² (window 1, so d =
    // sqrt(kl))
    double[] d = {0, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3};
    TrainingHealthMonitor m =
        TrainingHealthMonitor.builder()
            .rules(List.of(HealthRules.overOptimization(6, RuleAction.STOP)))
            .window(1)
            .goldReward(step -> 0.1 + gain(d[(int) step - 1]), 1)
            .clock(CLOCK)
            .build();
    for (int i = 0; i < 6; i++) {
      m.onStep(step(i + 1, Map.of("kl", d[i] * d[i])));
    }
    assertEquals(List.of(), m.firings(), "d = 1.1 is past the peak, but only 5 points were fitted");
    OverOptimizationCurve c = m.history().get(5).curve();
    assertNotNull(c);
    assertEquals(0.2, c.alpha(), 1e-12);
    assertEquals(0.2, c.beta(), 1e-12);
    TrainingStoppedException e =
        assertThrows(
            TrainingStoppedException.class, () -> m.onStep(step(7, Map.of("kl", 1.3 * 1.3))));
    RuleFiring f = e.firing();
    assertEquals("OVER_OPTIMIZATION", f.code());
    assertEquals(1.0, f.evidence().get("peak_d"), 1e-9);
    assertEquals(1.3, f.evidence().get("d"), 1e-12);
    assertEquals(HealthStatus.State.FAILED, m.status().state());
  }

  private static double gain(double d) {
    return d <= 0 ? 0 : d * (0.2 - 0.2 * Math.log(d));
  }
}
