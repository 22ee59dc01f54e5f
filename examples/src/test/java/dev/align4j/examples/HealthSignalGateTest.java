package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.GateDecision;
import dev.align4j.core.eval.HealthSignal;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.calibration.CalibrationHealth;
import dev.align4j.feedback.calibration.JudgeCalibrator;
import dev.align4j.feedback.calibration.JudgedPair;
import dev.align4j.feedback.judge.JudgeAttributes;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.guardrail.HealthPrecondition;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import dev.align4j.rollout.traffic.InMemoryTrafficController;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The judge's calibration against people, computed by feedback's {@link JudgeCalibrator} from judged pairs, reaches
 * the rollout gate through core's {@code HealthSignal} alone: a judge that lost calibration holds the candidate until a
 * person approves; a calibrated judge lets the gate promote.
 */
class HealthSignalGateTest {
  private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

  /** 200 pairs; the judge agrees with people with probability {@code agreement}, consistently in both orders. */
  static List<JudgedPair> judgedPairs(double agreement, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<JudgedPair> out = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Outcome human = rng.nextBoolean() ? Outcome.A : Outcome.B;
      Outcome judge =
          rng.nextDouble() < agreement ? human : (human == Outcome.A ? Outcome.B : Outcome.A);
      String v = judge == Outcome.A ? "A" : "B";
      double pA = judge == Outcome.A ? 0.8 : 0.2;
      PairwiseComparison c =
          new PairwiseComparison(
              Prompt.of("question " + i),
              Completion.of("answer one to " + i),
              Completion.of("answer two to " + i),
              judge,
              pA,
              null,
              Presentation.BOTH_ORDERS,
              new Provenance(
                  SourceKind.AI,
                  "judge-x",
                  null,
                  null,
                  T0,
                  Map.of(
                      JudgeAttributes.VERDICT_A_FIRST,
                      v,
                      JudgeAttributes.VERDICT_B_FIRST,
                      v,
                      JudgeAttributes.ORDER_CONSISTENT,
                      "true")));
      out.add(new JudgedPair("item-" + i, c, human));
    }
    return out;
  }

  static StagedRolloutGate gate(HealthSignal signal) {
    StageLimits limits = StageLimits.minSample(500);
    GateConfig config =
        GateConfig.builder(
                StagePlan.builder()
                    .offline(limits)
                    .shadowPercent(10, limits)
                    .canaryPercent(limits, 5)
                    .build())
            .metric(Guardrails.unsafeRate("unsafe_rate", 0.02).build())
            .metric(Guardrails.winRate("win_rate", 0.05, 0.05).build())
            .precondition(new HealthPrecondition(CalibrationHealth.SOURCE, signal))
            .build();
    StagedRolloutGate gate =
        StagedRolloutGate.builder(config)
            .clock(Clock.fixed(T0, ZoneOffset.UTC))
            .traffic(new InMemoryTrafficController())
            .model("candidate", "policy-v7")
            .build();
    gate.recordRate("unsafe_rate", Arm.CANDIDATE, 0, 500);
    for (int i = 0; i < 500; i++) {
      gate.record("win_rate", Arm.CANDIDATE, i % 10 < 7 ? 1.0 : 0.0);
    }
    return gate;
  }

  @Test
  void aJudgeThatLostCalibrationHoldsTheCandidateUntilAPersonApproves() {
    CalibrationHealth health =
        CalibrationHealth.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    // people and the judge agree on 60 % of 200 pairs: kappa about 0.2, far below the 0.4 minimum
    // lower bound
    health.update(JudgeCalibrator.standard().calibrate("judge-x", judgedPairs(0.6, 3)));
    StagedRolloutGate g = gate(health);
    GateDecision d = g.evaluate();
    assertEquals(GateDecision.Kind.HOLD, d.kind(), d.reasons().toString());
    assertTrue(
        d.reasons().stream()
            .anyMatch(
                r ->
                    r.check().equals("judge_calibration")
                        && r.code().equals("FAILED_KAPPA_BELOW_MIN")),
        d.reasons().toString());
    d =
        g.override(
            new HumanOverride(
                HumanOverride.Action.PROMOTE, "dana", "judge re-aligned, spot-checked 50"));
    assertEquals(GateDecision.Kind.PROMOTE, d.kind());
    assertEquals("dana", g.history().get(g.history().size() - 1).actor());
  }

  @Test
  void aCalibratedJudgeLetsTheGatePromote() {
    CalibrationHealth health =
        CalibrationHealth.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    health.update(JudgeCalibrator.standard().calibrate("judge-x", judgedPairs(0.95, 3)));
    GateDecision d = gate(health).evaluate();
    assertEquals(GateDecision.Kind.PROMOTE, d.kind(), d.reasons().toString());
    assertTrue(
        d.reasons().stream()
            .anyMatch(r -> r.check().equals("judge_calibration") && r.code().equals("PASS")),
        d.reasons().toString());
  }
}
