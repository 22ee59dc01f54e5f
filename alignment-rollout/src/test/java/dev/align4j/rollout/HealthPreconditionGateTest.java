package dev.align4j.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutStage;
import dev.align4j.core.eval.HealthSignal;
import dev.align4j.core.eval.HealthStatus;
import dev.align4j.core.eval.LengthBiasVerdict;
import dev.align4j.rollout.audit.DecisionRecord;
import dev.align4j.rollout.guardrail.HealthPrecondition;
import dev.align4j.rollout.guardrail.PreconditionResult;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.traffic.InMemoryTrafficController;
import dev.align4j.testkit.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A core {@link HealthSignal} as a gate precondition: a candidate whose training run fired a hacking rule, or whose
 * judge lost calibration, is not promoted without a person, and is promoted after the recorded approval; a warning
 * does not block.
 */
class HealthPreconditionGateTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryTrafficController traffic = new InMemoryTrafficController();

  private StagedRolloutGate gate(HealthPrecondition p) {
    return StagedRolloutGate.builder(Fixtures.configBuilder().precondition(p).build())
        .clock(clock)
        .traffic(traffic)
        .model("candidate", "policy-v7")
        .model("incumbent", "policy-v6")
        .build();
  }

  private static boolean hasReason(GateDecision d, String check, String code) {
    return d.reasons().stream().anyMatch(r -> r.check().equals(check) && r.code().equals(code));
  }

  static HealthStatus hacking() {
    return new HealthStatus(
        "training_health",
        HealthStatus.State.FAILED,
        "LENGTH_HACKING",
        "mean completion length +62% over the reference while the gold reward fell",
        Map.of("length_drift", 0.62),
        T0);
  }

  static HealthStatus lostCalibration() {
    return new HealthStatus(
        "judge_calibration",
        HealthStatus.State.FAILED,
        "KAPPA_BELOW_MIN",
        "kappa 0.31, lower bound 0.18 < min 0.40 (n=140)",
        Map.of("kappa", 0.31, "kappa_lower", 0.18),
        T0);
  }

  @Test
  void a_fired_hacking_rule_blocks_promotion_until_a_person_approves() {
    StagedRolloutGate g =
        gate(new HealthPrecondition("training_health", HealthPreconditionGateTest::hacking));
    Fixtures.feedGood(g, 2000);
    clock.advance(Duration.ofHours(2));
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.HOLD, d.kind(), d.reasons().toString());
    assertTrue(hasReason(d, "training_health", "FAILED_LENGTH_HACKING"), d.reasons().toString());
    assertTrue(hasReason(d, "gate", "PRECONDITION_FAILED"));
    assertEquals(RolloutStage.OFFLINE_EVAL, g.stage());

    // the person's approval, recorded with actor and reason, promotes; the record keeps the failed
    // signal with it
    d =
        g.override(
            new HumanOverride(
                HumanOverride.Action.PROMOTE,
                "alice",
                "length drift explained by the new summarisation task; gold eval re-run"));
    assertEquals(GateDecision.Kind.PROMOTE, d.kind());
    assertEquals(RolloutStage.SHADOW, g.stage());
    DecisionRecord approval = g.history().get(g.history().size() - 1);
    assertEquals("alice", approval.actor());
    assertEquals(HumanOverride.Action.PROMOTE, approval.override().action());
    PreconditionResult seen = failed(approval, "training_health");
    assertTrue(seen.message().contains("length_drift=0.620000"), seen.message());
    for (DecisionRecord r : g.history()) {
      assertTrue(StagedRolloutGate.replays(g.config(), r), "replays: " + r.sequence());
    }

    // the approval was for that promotion: the next one needs a person again while the signal stays
    // FAILED
    Fixtures.feedGood(g, 2000);
    clock.advance(Duration.ofHours(2));
    assertEquals(GateDecision.Kind.HOLD, g.evaluate().kind());
    assertEquals(RolloutStage.SHADOW, g.stage());

    // past the step's maximum duration the gate asks a person instead of holding for ever; still
    // not promoted
    clock.advance(Duration.ofHours(23));
    Fixtures.feedGood(g, 10);
    d = g.evaluate();
    assertEquals(GateDecision.Kind.PAUSE_FOR_HUMAN, d.kind(), d.reasons().toString());
    assertEquals(RolloutStage.PAUSED, g.stage());
    failed(g.history().get(g.history().size() - 1), "training_health");
    d =
        g.override(
            new HumanOverride(
                HumanOverride.Action.PROMOTE, "bob", "second review of the run's evidence"));
    assertEquals(GateDecision.Kind.PROMOTE, d.kind());
    assertEquals(RolloutStage.CANARY, g.stage());
    assertEquals("bob", g.history().get(g.history().size() - 1).actor());
  }

  private static PreconditionResult failed(DecisionRecord r, String name) {
    PreconditionResult p =
        r.input().preconditions().stream()
            .filter(x -> x.name().equals(name))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("record " + r.sequence() + " has no result of " + name));
    assertFalse(p.satisfied(), p.toString());
    return p;
  }

  @Test
  void a_judge_that_lost_calibration_blocks_the_next_promotion_and_a_warning_does_not() {
    AtomicReference<HealthStatus> now =
        new AtomicReference<>(
            HealthStatus.healthy("judge_calibration", "kappa 0.78, lower bound 0.66 (n=140)", T0));
    StagedRolloutGate g = gate(new HealthPrecondition("judge_calibration", now::get));
    Fixtures.feedGood(g, 2000);
    clock.advance(Duration.ofHours(2));
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.PROMOTE, d.kind(), d.reasons().toString());
    assertTrue(hasReason(d, "judge_calibration", "PASS"));

    now.set(lostCalibration());
    Fixtures.feedGood(g, 2000);
    clock.advance(Duration.ofHours(2));
    d = g.evaluate();
    assertEquals(GateDecision.Kind.HOLD, d.kind(), d.reasons().toString());
    assertTrue(hasReason(d, "judge_calibration", "FAILED_KAPPA_BELOW_MIN"));
    assertEquals(RolloutStage.SHADOW, g.stage());

    // a warning is recorded but does not block
    now.set(
        new HealthStatus(
            "judge_calibration",
            HealthStatus.State.WARNING,
            "LENGTH_BIAS",
            "longer answer wins 0.64 of 200 decisive pairs",
            Map.of("longer_win_rate", 0.64),
            T0));
    d = g.evaluate();
    assertEquals(GateDecision.Kind.PROMOTE, d.kind(), d.reasons().toString());
    assertTrue(hasReason(d, "judge_calibration", "WARNING_LENGTH_BIAS"));
    assertEquals(RolloutStage.CANARY, g.stage());
    assertNull(
        g.history().get(g.history().size() - 1).override(),
        "promoted by the gate, no person needed");
  }

  @Test
  void a_length_bias_verdict_is_a_gate_precondition() {
    // the judge preferred the longer answer in 150 of 200 decisive pairs: p = 0.75, Wilson 95 %
    // interval
    // [0.6857, 0.8049] (scipy.stats.binomtest(150, 200).proportion_ci(0.95, "wilson")), r = 2p - 1
    // in
    // [0.3713, 0.6098],
    // all of it beyond the threshold 0.1: BIASED
    LengthBiasVerdict biased =
        LengthBiasVerdict.ofLongerWins(
            "judge:stand-in",
            150,
            200,
            LengthBiasVerdict.DEFAULT_THRESHOLD,
            LengthBiasVerdict.DEFAULT_ALPHA);
    assertEquals(LengthBiasVerdict.Verdict.BIASED, biased.verdict());
    assertEquals(0.37131803375908334, biased.lower(), 1e-9);
    assertEquals(0.6098366398636499, biased.upper(), 1e-9);
    StagedRolloutGate g = gate(new HealthPrecondition("judge_length_bias", biased));
    Fixtures.feedGood(g, 2000);
    clock.advance(Duration.ofHours(2));
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.HOLD, d.kind(), d.reasons().toString());
    assertTrue(hasReason(d, "judge_length_bias", "FAILED_LENGTH_BIASED"), d.reasons().toString());
    assertEquals(RolloutStage.OFFLINE_EVAL, g.stage());
    d = g.override(new HumanOverride(HumanOverride.Action.PROMOTE, "carol", "length is the task"));
    assertEquals(GateDecision.Kind.PROMOTE, d.kind());
    assertEquals("carol", g.history().get(g.history().size() - 1).actor());

    // 800 of 1600 (p = 0.5, r in [-0.0490, 0.0490], inside +-0.1): UNBIASED passes without a person
    LengthBiasVerdict unbiased =
        LengthBiasVerdict.ofLongerWins(
            "judge:stand-in",
            800,
            1600,
            LengthBiasVerdict.DEFAULT_THRESHOLD,
            LengthBiasVerdict.DEFAULT_ALPHA);
    assertEquals(LengthBiasVerdict.Verdict.UNBIASED, unbiased.verdict(), unbiased.toString());
    StagedRolloutGate h = gate(new HealthPrecondition("judge_length_bias", unbiased));
    Fixtures.feedGood(h, 2000);
    clock.advance(Duration.ofHours(2));
    assertEquals(GateDecision.Kind.PROMOTE, h.evaluate().kind());
  }

  @Test
  void a_signal_that_throws_blocks_promotion_without_stopping_the_gate() {
    HealthSignal broken =
        () -> {
          throw new IllegalStateException("monitor store unreadable", new IOException("disk"));
        };
    StagedRolloutGate g = gate(new HealthPrecondition("training_health", broken));
    Fixtures.feedGood(g, 2000);
    clock.advance(Duration.ofHours(2));
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.HOLD, d.kind());
    assertTrue(hasReason(d, "training_health", "SIGNAL_ERROR"));
    assertTrue(
        d.reasons().stream().anyMatch(r -> r.message().contains("monitor store unreadable")));
    HealthPrecondition nulls = new HealthPrecondition("x", () -> null);
    assertFalse(nulls.check(T0).satisfied());
    assertEquals(List.of("SIGNAL_ERROR"), List.of(nulls.check(T0).code()));
  }
}
