package dev.align4j.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthStatusTest {

  @Test
  void evidenceIsSortedCopiedAndUnmodifiable() {
    Map<String, Double> in = new HashMap<>(Map.of("z", 1.0, "a", 2.0));
    HealthStatus s =
        new HealthStatus(
            "training_health", HealthStatus.State.WARNING, "KL_SPIKE", "kl 0.4", in, null);
    in.put("b", 3.0);
    assertEquals(List.of("a", "z"), List.copyOf(s.evidence().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> s.evidence().put("c", 1.0));
    assertTrue(s.allowsPromotion(), "a warning does not block promotion");
  }

  @Test
  void onlyAFailureBlocksPromotion() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertTrue(HealthStatus.healthy("judge_calibration", "kappa 0.8", t).allowsPromotion());
    HealthStatus failed =
        new HealthStatus(
            "judge_calibration",
            HealthStatus.State.FAILED,
            "KAPPA_BELOW_MIN",
            "kappa 0.4",
            Map.of("kappa", 0.4),
            t);
    assertFalse(failed.allowsPromotion());
    HealthSignal signal = () -> failed;
    assertEquals("KAPPA_BELOW_MIN", signal.status().code());
  }

  @Test
  void badInputNamesTheArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new HealthStatus(
                    "s", HealthStatus.State.HEALTHY, "OK", "", Map.of("kl", Double.NaN), null));
    assertTrue(e.getMessage().contains("evidence[kl]"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new HealthStatus(" ", HealthStatus.State.HEALTHY, "OK", "", Map.of(), null));
  }
}
