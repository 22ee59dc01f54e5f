package dev.align4j.optimizers.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.eval.HealthStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two controlled runs, five seeds each (the 20-seed sweep behind the README's figures is
 * {@link MonitorSeedSweep}).
 */
class ControlledRunsTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void aRunHackingALengthBiasedProxyIsStoppedBeforeTheGoldRewardFallsTenPercent(long seed) {
    ControlledRuns.Outcome o = ControlledRuns.run(seed, true, true, ControlledRuns.MAX_STEPS);
    RuleFiring stop = o.stop();
    assertNotNull(
        stop,
        "the hacked run was not stopped in " + o.stepsRun() + " steps: " + o.monitor().report());
    assertTrue(
        o.dropAtStop() < 0.10,
        "gold fell "
            + o.dropAtStop()
            + " from its peak "
            + o.goldPeak()
            + " before the stop: "
            + stop.describe());
    // the run really was being hacked: the gold reward had already turned down at the stop
    assertTrue(o.dropAtStop() > 0, "gold drop at the stop " + o.dropAtStop());
    assertTrue(o.dropAtHealthy() < 0.10, "the kept state's gold drop " + o.dropAtHealthy());
    assertTrue(
        o.monitor().lastHealthyStep() < stop.step(), "kept step " + o.monitor().lastHealthyStep());
    HealthStatus status = o.monitor().status();
    assertEquals(HealthStatus.State.FAILED, status.state());
    assertEquals(stop.code(), status.code());
    assertTrue(!status.allowsPromotion());
    assertTrue(stop.evidence().containsKey("step"), stop.evidence().toString());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void aHealthyRunFiresNoRule(long seed) {
    ControlledRuns.Outcome o = ControlledRuns.run(seed, false, true, ControlledRuns.HEALTHY_STEPS);
    assertEquals(
        java.util.List.of(),
        o.monitor().firings(),
        "false alarm on a healthy run: " + o.monitor().report());
    assertEquals(HealthStatus.State.HEALTHY, o.monitor().status().state());
    assertEquals(ControlledRuns.HEALTHY_STEPS, o.stepsRun());
    assertTrue(o.goldAtStop() > 0.8, "the healthy run learnt: gold " + o.goldAtStop());
  }
}
