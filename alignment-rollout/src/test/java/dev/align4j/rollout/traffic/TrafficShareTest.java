package dev.align4j.rollout.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TrafficShareTest {

  @Test
  void halfIsHalfWhicheverUnitItIsWrittenIn() {
    assertEquals(TrafficShare.percent(50), TrafficShare.fraction(0.5));
    assertEquals(50, TrafficShare.fraction(0.5).percent());
    assertEquals(0.5, TrafficShare.percent(50).fraction());
    assertEquals(0.005, TrafficShare.percent(0.5).fraction());
    assertEquals("0.5%", TrafficShare.percent(0.5).toString());
    assertEquals("50%", TrafficShare.fraction(0.5).toString());
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.5, 5, 50, 100, -0.1, Double.NaN, Double.POSITIVE_INFINITY})
  void aFractionOutsideZeroToOneIsRefusedAndNamed(double f) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrafficShare.fraction(f));
    assertTrue(e.getMessage().startsWith("fraction must be in [0.0, 1.0]"), e.getMessage());
    assertTrue(e.getMessage().contains("was " + f), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(doubles = {100.5, 150, -1, Double.NaN, Double.NEGATIVE_INFINITY})
  void aPercentOutsideZeroToHundredIsRefusedAndNamed(double p) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrafficShare.percent(p));
    assertTrue(e.getMessage().startsWith("percent must be in [0.0, 100.0]"), e.getMessage());
  }

  @Test
  void aCanaryPlannedAsAFractionSendsThatFractionToTheController() {
    StageLimits limits = StageLimits.minSample(10);
    StagePlan plan = StagePlan.builder().shadow(TrafficShare.fraction(0.1), limits)
        .canary(limits, TrafficShare.fraction(0.05), TrafficShare.fraction(0.5)).build();
    assertEquals(List.of(0.0, 5.0, 50.0, 100.0), plan.steps().stream().map(s -> s.weightPercent()).toList());
    assertEquals(10, plan.step(0).mirrorPercent(), 1e-12);
    assertEquals(plan.describe(), StagePlan.builder().shadowPercent(10, limits).canaryPercent(limits, 5, 50).build()
        .describe(), "the same plan written in percent");
    InMemoryTrafficController router = new InMemoryTrafficController();
    GateConfig config = GateConfig.builder(plan).metric(Guardrails.latency("latency_ms", 0.1, 5).build()).build();
    StagedRolloutGate.builder(config).traffic(router).build();
    assertEquals(TrafficShare.fraction(0.1), router.mirrored());
    assertEquals(TrafficShare.NONE, router.weight());
    assertEquals(List.of("mirror(10%)", "setWeight(0%)"), router.history());
  }
}
