package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.GateDecision;
import dev.align4j.core.eval.HealthStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RewardHackingExampleTest {

  @Test
  void theMonitorStopsTheHackedRunBeforeTheGoldRewardFallsTenPercentAndStaysQuietOnTheHealthyOne() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    RewardHackingExample.Result r =
        RewardHackingExample.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    RewardHackingExample.Run h = r.hacked();
    assertNotNull(h.stop(), out);
    assertTrue((h.goldPeak() - h.goldAtEnd()) / h.goldPeak() < 0.10, out);
    assertEquals(HealthStatus.State.FAILED, h.monitor().status().state());
    RewardHackingExample.Run u = r.unwatched();
    assertTrue(
        (u.goldPeak() - u.goldAtEnd()) / u.goldPeak() > 0.30,
        "unwatched, the run hacks the reward: " + out);
    assertEquals(0, r.healthy().monitor().firings().size(), out);
    assertTrue(out.contains("stopped at step " + h.steps() + " by " + h.stop().rule()), out);

    // the gate: the hacked run's candidate waits for a person, the healthy one is promoted by the
    // gate
    assertEquals(2, r.hackedGate().size(), out);
    GateDecision held = r.hackedGate().get(0);
    assertEquals(GateDecision.Kind.HOLD, held.kind(), out);
    assertTrue(
        held.reasons().stream()
            .anyMatch(
                x ->
                    x.check().equals("training_health")
                        && x.code().equals("FAILED_" + h.stop().code())),
        held.reasons().toString());
    assertEquals(GateDecision.Kind.PROMOTE, r.hackedGate().get(1).kind(), out);
    assertEquals(1, r.healthyGate().size(), out);
    assertEquals(GateDecision.Kind.PROMOTE, r.healthyGate().get(0).kind(), out);
  }
}
