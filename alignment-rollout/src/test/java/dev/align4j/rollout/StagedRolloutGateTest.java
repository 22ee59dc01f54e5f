package dev.align4j.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.GateDecision;
import dev.align4j.core.GateReason;
import dev.align4j.core.RolloutStage;
import dev.align4j.rollout.audit.DecisionRecord;
import dev.align4j.rollout.guardrail.JudgeCalibration;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.metric.Criticality;
import dev.align4j.rollout.metric.Direction;
import dev.align4j.rollout.metric.MetricSpec;
import dev.align4j.rollout.metric.NanPolicy;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import dev.align4j.rollout.stats.FixedHorizonZTest;
import dev.align4j.rollout.stats.MixtureSprt;
import dev.align4j.rollout.traffic.InMemoryTrafficController;
import dev.align4j.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StagedRolloutGateTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
  private final InMemoryTrafficController traffic = new InMemoryTrafficController();

  private StagedRolloutGate gate(GateConfig config) {
    return StagedRolloutGate.builder(config).clock(clock).traffic(traffic).model("candidate", "policy-v7")
        .model("incumbent", "policy-v6").build();
  }

  private static boolean hasReason(GateDecision d, String check, String code) {
    return d.reasons().stream().anyMatch(r -> r.check().equals(check) && r.code().equals(code));
  }

  @Test
  void promotesThroughEveryStepToFullAndMovesTraffic() {
    StagedRolloutGate g = gate(Fixtures.config());
    assertEquals(RolloutStage.OFFLINE_EVAL, g.stage());
    assertEquals(0, traffic.weightPercent());
    double[] expectedWeights = {0, 1, 5, 20, 50, 100};
    RolloutStage[] expectedStages = {RolloutStage.SHADOW, RolloutStage.CANARY, RolloutStage.CANARY,
        RolloutStage.CANARY, RolloutStage.CANARY, RolloutStage.FULL};
    for (int i = 0; i < expectedStages.length; i++) {
      Fixtures.feedGood(g, 2000);
      clock.advance(Duration.ofHours(2));
      GateDecision d = g.evaluate();
      assertEquals(GateDecision.Kind.PROMOTE, d.kind(), "step " + i + ": " + d.reasons());
      assertEquals(expectedStages[i], ((GateDecision.Promote) d).target());
      assertEquals(expectedStages[i], g.stage());
      assertEquals(expectedWeights[i], traffic.weightPercent(), "weight after step " + i);
      if (expectedStages[i] == RolloutStage.SHADOW) {
        assertEquals(10, traffic.mirrorPercent());
      }
      assertTrue(hasReason(d, "unsafe_rate", "PASS"), d.reasons().toString());
      assertEquals(0, g.summary("unsafe_rate", Arm.CANDIDATE).n(), "new step, new data window");
    }
    assertEquals(GateDecision.Kind.HOLD, g.evaluate().kind(), "FULL is terminal");
    assertEquals(7, g.history().size());
  }

  @Test
  void extendsUntilMinimumSampleAndDuration() {
    StagedRolloutGate g = gate(Fixtures.config());
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.EXTEND, d.kind());
    assertTrue(hasReason(d, "gate", "INSUFFICIENT_DATA"));
    Fixtures.feedGood(g, 2000);
    d = g.evaluate();
    assertEquals(GateDecision.Kind.EXTEND, d.kind(), "minimum duration 1h not reached");
    assertTrue(d.reasons().stream().anyMatch(r -> r.message().contains("minimum duration")));
    clock.advance(Duration.ofMinutes(61));
    assertEquals(GateDecision.Kind.PROMOTE, g.evaluate().kind());
  }

  @Test
  void pausesForAHumanWhenTheDeadlinePassesWithoutData() {
    StagedRolloutGate g = gate(Fixtures.config());
    g.recordRate("unsafe_rate", Arm.CANDIDATE, 0, 50);
    clock.advance(Duration.ofHours(25));
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.PAUSE_FOR_HUMAN, d.kind());
    assertTrue(hasReason(d, "gate", "INSUFFICIENT_DATA_AT_DEADLINE"));
    assertEquals(RolloutStage.PAUSED, g.stage());
    assertEquals(GateDecision.Kind.HOLD, g.evaluate().kind(), "paused: waits for a human");
  }

  @Test
  void inconclusiveAtTheDeadlinePauses() {
    StagedRolloutGate g = gate(Fixtures.config());
    g.recordRate("unsafe_rate", Arm.CANDIDATE, 0, 2000);
    for (int i = 0; i < 400; i++) {
      g.record("win_rate", Arm.CANDIDATE, i % 2); // 0.5: neither shown >= 0.45 nor < 0.45 at n = 400
    }
    clock.advance(Duration.ofHours(2));
    GateDecision held = g.evaluate();
    assertEquals(GateDecision.Kind.HOLD, held.kind(), held.reasons().toString());
    assertTrue(hasReason(held, "win_rate", "INCONCLUSIVE"));
    clock.advance(Duration.ofHours(23));
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.PAUSE_FOR_HUMAN, d.kind());
    assertTrue(hasReason(d, "gate", "INCONCLUSIVE_AT_DEADLINE"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void criticalBreachRollsBackFromEveryStep(int step) {
    StagedRolloutGate g = gate(Fixtures.config());
    for (int i = 0; i < step; i++) {
      Fixtures.feedGood(g, 2000);
      clock.advance(Duration.ofHours(2));
      assertEquals(GateDecision.Kind.PROMOTE, g.evaluate().kind());
    }
    g.recordRate("unsafe_rate", Arm.CANDIDATE, 30, 100);
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.ROLLBACK, d.kind(), d.reasons().toString());
    assertTrue(hasReason(d, "unsafe_rate", "BREACH"));
    assertTrue(hasReason(d, "gate", "CRITICAL_BREACH"));
    assertEquals(RolloutStage.ROLLED_BACK, g.stage());
    assertTrue(traffic.rolledBack());
    assertEquals(0, traffic.weightPercent());
    assertEquals(GateDecision.Kind.HOLD, g.evaluate().kind());
  }

  @Test
  void humanCanRollBackFromFullAndPausedButNotTwice() {
    StagedRolloutGate g = gate(Fixtures.config());
    for (int i = 0; i < 6; i++) {
      Fixtures.feedGood(g, 2000);
      clock.advance(Duration.ofHours(2));
      g.evaluate();
    }
    assertEquals(RolloutStage.FULL, g.stage());
    GateDecision d = g.override(new HumanOverride(HumanOverride.Action.ROLLBACK, "oncall@example.com",
        "post-promotion regression in support tickets"));
    assertEquals(GateDecision.Kind.ROLLBACK, d.kind());
    assertEquals(RolloutStage.ROLLED_BACK, g.stage());
    DecisionRecord last = g.history().get(g.history().size() - 1);
    assertEquals("oncall@example.com", last.actor());
    assertEquals(HumanOverride.Action.ROLLBACK, last.override().action());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.override(new HumanOverride(HumanOverride.Action.ROLLBACK, "a", "again")));
    assertTrue(e.getMessage().contains("ROLLED_BACK"), e.getMessage());
  }

  @Test
  void humanPromotesOrResumesFromPause() {
    StagedRolloutGate g = gate(Fixtures.config());
    clock.advance(Duration.ofHours(25));
    assertEquals(GateDecision.Kind.PAUSE_FOR_HUMAN, g.evaluate().kind());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> new HumanOverride(HumanOverride.Action.PROMOTE, "alice", " "));
    assertTrue(bad.getMessage().contains("reason"), bad.getMessage());
    GateDecision resumed = g.override(new HumanOverride(HumanOverride.Action.RESUME, "alice", "data pipeline fixed"));
    assertEquals(GateDecision.Kind.HOLD, resumed.kind());
    assertEquals(RolloutStage.OFFLINE_EVAL, g.stage());
    assertThrows(IllegalArgumentException.class,
        () -> g.override(new HumanOverride(HumanOverride.Action.RESUME, "alice", "not paused")));
    GateDecision promoted = g.override(new HumanOverride(HumanOverride.Action.PROMOTE, "alice", "reviewed offline"));
    assertEquals(RolloutStage.SHADOW, ((GateDecision.Promote) promoted).target());
    assertEquals(RolloutStage.SHADOW, g.stage());
    assertEquals(10, traffic.mirrorPercent());
    GateReason why = promoted.reasons().get(0);
    assertEquals("human_override", why.check());
    assertTrue(why.message().contains("alice") && why.message().contains("reviewed offline"));
  }

  @Test
  void killSwitchAbortsAtOnceAndStaysEngaged() {
    StagedRolloutGate g = gate(Fixtures.config());
    Fixtures.feedGood(g, 2000);
    clock.advance(Duration.ofHours(2));
    g.evaluate();
    GateDecision d = g.kill("sre-lead", "incident 4711");
    assertEquals(GateDecision.Kind.ABORT, d.kind());
    assertEquals(RolloutStage.ABORTED, g.stage());
    assertTrue(traffic.rolledBack());
    GateDecision later = g.evaluate();
    assertEquals(GateDecision.Kind.ABORT, later.kind());
    assertTrue(hasReason(later, "gate", "KILL_SWITCH"));
  }

  @Test
  void sampleRatioMismatchPausesBeforeAnyNormalDecision() {
    StagedRolloutGate g = gate(Fixtures.config());
    for (int i = 0; i < 2; i++) {
      Fixtures.feedGood(g, 2000);
      clock.advance(Duration.ofHours(2));
      g.evaluate();
    }
    assertEquals(RolloutStage.CANARY, g.stage());
    assertEquals(1, g.currentStep().weightPercent());
    Fixtures.feedGood(g, 2000);
    g.recordAssignment(Arm.CANDIDATE, 300); // 3% where 1% was configured
    g.recordAssignment(Arm.INCUMBENT, 9700);
    clock.advance(Duration.ofHours(2));
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.PAUSE_FOR_HUMAN, d.kind());
    assertTrue(hasReason(d, "sample_ratio_mismatch", "FAIL"));
  }

  @Test
  void normalBreachesRollBackOnALowScoreAndPauseOnAMarginalOne() {
    StagePlan plan = StagePlan.builder().canaryPercent(StageLimits.minSample(100), 10).build();
    MetricSpec a = MetricSpec.builder("a", MixtureSprt.twoSample(1)).relativeThreshold(0.05).build();
    MetricSpec b = MetricSpec.builder("b", MixtureSprt.twoSample(1)).relativeThreshold(0.05).build();
    MetricSpec c = MetricSpec.builder("c", MixtureSprt.twoSample(1)).relativeThreshold(0.05).build();
    GateConfig two = GateConfig.builder(plan).metric(a).metric(b).build();
    GateConfig three = GateConfig.builder(plan).metric(a).metric(b).metric(c).build();
    for (GateConfig cfg : List.of(two, three)) {
      StagedRolloutGate g = gate(cfg);
      for (MetricSpec m : cfg.metrics()) {
        for (int i = 0; i < 1000; i++) {
          double bad = m.name().equals("a") ? 30 : 0; // metric a regresses by 30%
          g.record(m.name(), Arm.CANDIDATE, 100 + bad + (i % 2 == 0 ? -5 : 5));
          g.record(m.name(), Arm.INCUMBENT, 100 + (i % 2 == 0 ? -5 : 5));
        }
      }
      clock.advance(Duration.ofHours(1));
      GateDecision d = g.evaluate();
      assertTrue(hasReason(d, "a", "BREACH"), d.reasons().toString());
      if (cfg == two) {
        assertEquals(GateDecision.Kind.ROLLBACK, d.kind(), "score 50 <= marginal 50");
        assertTrue(hasReason(d, "gate", "SCORE_AT_OR_BELOW_MARGINAL"));
      } else {
        assertEquals(GateDecision.Kind.PAUSE_FOR_HUMAN, d.kind(), "score 66.7 > marginal 50");
        assertTrue(hasReason(d, "gate", "BREACH_NEEDS_REVIEW"));
      }
    }
  }

  @Test
  void reportOnlyMetricsNeverAct() {
    StagePlan plan = StagePlan.builder().canaryPercent(StageLimits.minSample(100), 10).build();
    GateConfig cfg = GateConfig.builder(plan)
        .metric(MetricSpec.builder("dry", MixtureSprt.twoSample(1)).relativeThreshold(0.05)
            .criticality(Criticality.REPORT_ONLY).build())
        .metric(MetricSpec.builder("ok", MixtureSprt.twoSample(1)).relativeThreshold(0.05).build()).build();
    StagedRolloutGate g = gate(cfg);
    for (int i = 0; i < 1000; i++) {
      g.record("dry", Arm.CANDIDATE, 200 + i % 3);
      g.record("dry", Arm.INCUMBENT, 100 + i % 3);
      g.record("ok", Arm.CANDIDATE, 100 + i % 3);
      g.record("ok", Arm.INCUMBENT, 100 + i % 3);
    }
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.PROMOTE, d.kind(), d.reasons().toString());
    assertTrue(hasReason(d, "dry", "BREACH"), "still reported");
  }

  @Test
  void fixedHorizonTestNeverPromotesBeforeItsHorizon() {
    StagePlan plan = StagePlan.builder().canaryPercent(StageLimits.minSample(10), 10).build();
    GateConfig cfg = GateConfig.builder(plan).metric(MetricSpec.builder("m", FixedHorizonZTest.twoSample(1000))
        .relativeThreshold(0.10).build()).build();
    StagedRolloutGate g = gate(cfg);
    for (int look = 1; look <= 10; look++) {
      for (int i = 0; i < 100; i++) {
        g.record("m", Arm.CANDIDATE, 100 + (i % 2 == 0 ? -1 : 1));
        g.record("m", Arm.INCUMBENT, 100 + (i % 2 == 0 ? -1 : 1));
      }
      GateDecision d = g.evaluate();
      if (look < 10) {
        assertEquals(GateDecision.Kind.EXTEND, d.kind(), "look " + look);
        assertTrue(hasReason(d, "m", "AWAITING_HORIZON"));
      } else {
        assertEquals(GateDecision.Kind.PROMOTE, d.kind(), "at the horizon");
      }
    }
  }

  @Test
  void nanPoliciesApply() {
    StagePlan plan = StagePlan.builder().canaryPercent(StageLimits.minSample(10), 10).build();
    GateConfig cfg = GateConfig.builder(plan)
        .metric(MetricSpec.builder("strict", MixtureSprt.twoSample(1)).relativeThreshold(0.1)
            .nanPolicy(NanPolicy.REJECT).build())
        .metric(MetricSpec.builder("blocking", MixtureSprt.twoSample(1)).relativeThreshold(0.1)
            .nanPolicy(NanPolicy.BLOCK_PROMOTION).build())
        .build();
    StagedRolloutGate g = gate(cfg);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.record("strict", Arm.CANDIDATE, Double.NaN));
    assertTrue(e.getMessage().contains("strict") && e.getMessage().contains("NaN"), e.getMessage());
    for (int i = 0; i < 500; i++) {
      for (String m : List.of("strict", "blocking")) {
        g.record(m, Arm.CANDIDATE, 100 + i % 2);
        g.record(m, Arm.INCUMBENT, 100 + i % 2);
      }
    }
    g.record("blocking", Arm.CANDIDATE, Double.NaN);
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.HOLD, d.kind(), d.reasons().toString());
    assertTrue(hasReason(d, "blocking", "INVALID_DATA"));
  }

  @Test
  void mustHaveDataWithoutDataNeverPromotes() {
    StagePlan plan = StagePlan.builder().canaryPercent(StageLimits.minSample(10), 10).build();
    GateConfig cfg = GateConfig.builder(plan)
        .metric(MetricSpec.builder("present", MixtureSprt.twoSample(1)).relativeThreshold(0.1).build())
        .metric(MetricSpec.builder("required", MixtureSprt.twoSample(1)).relativeThreshold(0.1).mustHaveData(true)
            .build())
        .build();
    StagedRolloutGate g = gate(cfg);
    for (int i = 0; i < 500; i++) {
      g.record("present", Arm.CANDIDATE, 100 + i % 2);
      g.record("present", Arm.INCUMBENT, 100 + i % 2);
    }
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.EXTEND, d.kind());
    assertTrue(hasReason(d, "required", "NO_DATA"));
  }

  @Test
  void timeRunningBackwardsHoldsAndRejectsData() {
    StagedRolloutGate g = gate(Fixtures.config());
    clock.advance(Duration.ofHours(2));
    Fixtures.feedGood(g, 2000);
    g.evaluate();
    clock.advance(Duration.ofHours(-3));
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.HOLD, d.kind());
    assertTrue(hasReason(d, "gate", "CLOCK_NOT_MONOTONIC"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.recordRate("unsafe_rate", Arm.CANDIDATE, 0, 10));
    assertTrue(e.getMessage().contains("clock must not run backwards"), e.getMessage());
  }

  @Test
  void failingPreconditionHoldsPromotion() {
    JudgeCalibration kappa = new JudgeCalibration(0.6, 20, 2);
    for (int i = 0; i < 40; i++) {
      kappa.add(i % 2, i % 4 == 0 ? 1 : 0); // poor agreement
    }
    StagedRolloutGate g = gate(Fixtures.configBuilder().precondition(kappa).build());
    Fixtures.feedGood(g, 2000);
    clock.advance(Duration.ofHours(2));
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.HOLD, d.kind(), d.reasons().toString());
    assertTrue(hasReason(d, "judge_calibration", "KAPPA_BELOW_MIN"));
    assertTrue(hasReason(d, "gate", "PRECONDITION_FAILED"));
  }

  @Test
  void eachDecisionListsOneReasonPerApplicableMetric() {
    StagedRolloutGate g = gate(Fixtures.config());
    Fixtures.feedGood(g, 2000);
    clock.advance(Duration.ofHours(2));
    GateDecision d = g.evaluate();
    List<String> checks = d.reasons().stream().map(GateReason::check).collect(Collectors.toList());
    assertEquals(List.of("unsafe_rate", "win_rate", "gate"), checks);
    assertFalse(checks.contains("latency_ms"), "latency applies to CANARY only");
  }

  @Test
  void unsatisfiableConfigurationsFailAtBuildTime() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StageLimits(Duration.ZERO, Duration.ofHours(1), 5000, 1000));
    assertTrue(e.getMessage().contains("minSamplePerArm must be <= maxSamplePerArm=1000, was 5000"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new StageLimits(Duration.ofHours(2), Duration.ofHours(1), 0, 0));
    StagePlan capped = StagePlan.builder().canaryPercent(StageLimits.minSample(10).withMaxSamplePerArm(500), 10)
        .build();
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> GateConfig.builder(capped)
        .metric(MetricSpec.builder("m", MixtureSprt.twoSample(1)).relativeThreshold(0.1).minSamplePerArm(1000)
            .build()).build());
    assertTrue(m.getMessage().contains("can never be satisfied"), m.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GateConfig.builder(capped)
        .metric(MetricSpec.builder("m", FixedHorizonZTest.twoSample(5000)).relativeThreshold(0.1).build()).build());
    IllegalArgumentException either = assertThrows(IllegalArgumentException.class,
        () -> MetricSpec.builder("m", MixtureSprt.twoSample(1)).direction(Direction.EITHER).build());
    assertTrue(either.getMessage().contains("can never pass"), either.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> MetricSpec.builder("m", MixtureSprt.oneSample(1)).build());
    assertThrows(IllegalArgumentException.class,
        () -> MetricSpec.builder("Bad Name", MixtureSprt.twoSample(1)).relativeThreshold(0.1).build());
    assertThrows(IllegalArgumentException.class, () -> Fixtures.configBuilder().metric(
        MetricSpec.builder("latency_ms", MixtureSprt.twoSample(1)).relativeThreshold(0.1).build()).build());
    assertThrows(IllegalArgumentException.class, () -> Fixtures.configBuilder().alphaHarm(1.5).build());
    assertThrows(IllegalArgumentException.class, () -> StagePlan.builder().canaryPercent(StageLimits.minSample(1), 5, 5)
        .build());
    assertThrows(IllegalArgumentException.class, () -> StagePlan.builder().offline(StageLimits.minSample(1)).build());
  }

  @Test
  void unknownMetricAndNegativeCountsAreRejected() {
    StagedRolloutGate g = gate(Fixtures.config());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.record("nope", Arm.CANDIDATE, 1));
    assertTrue(e.getMessage().contains("unsafe_rate"), "lists the valid names: " + e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> g.recordRate("unsafe_rate", Arm.CANDIDATE, -1, 10));
    assertThrows(IllegalArgumentException.class, () -> g.recordRate("unsafe_rate", Arm.CANDIDATE, 11, 10));
    assertThrows(IllegalArgumentException.class, () -> g.recordAssignment(Arm.CANDIDATE, -5));
  }
}
