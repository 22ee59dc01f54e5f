package dev.align4j.rollout;

import dev.align4j.core.RolloutStage;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import java.time.Duration;

/** A small gate configuration and helpers shared by the gate tests. */
final class Fixtures {
  private Fixtures() {}

  static StagePlan plan() {
    StageLimits limits = StageLimits.minSample(200).withDurations(Duration.ofHours(1), Duration.ofHours(24));
    return StagePlan.builder().offline(limits).shadowPercent(10, limits).canaryPercent(limits, 1, 5, 20, 50).build();
  }

  static GateConfig.Builder configBuilder() {
    return GateConfig.builder(plan())
        .metric(Guardrails.unsafeRate("unsafe_rate", 0.05).build())
        .metric(Guardrails.winRate("win_rate", 0.05, 0.05).stages(RolloutStage.OFFLINE_EVAL, RolloutStage.SHADOW)
            .build())
        .metric(Guardrails.latency("latency_ms", 0.10, 5).stages(RolloutStage.CANARY).build());
  }

  static GateConfig config() {
    return configBuilder().build();
  }

  /** Feeds evidence that passes every guardrail of the current stage (n per arm). */
  static void feedGood(StagedRolloutGate gate, int n) {
    gate.recordRate("unsafe_rate", Arm.CANDIDATE, 0, n);
    for (int i = 0; i < n; i++) {
      if (gate.stage() != RolloutStage.CANARY) {
        gate.record("win_rate", Arm.CANDIDATE, i % 10 < 7 ? 1.0 : 0.0);
      } else {
        gate.record("latency_ms", Arm.CANDIDATE, i % 2 == 0 ? 95 : 105);
        gate.record("latency_ms", Arm.INCUMBENT, i % 2 == 0 ? 96 : 104);
      }
    }
  }
}
