package dev.align4j.optimizers.objective.unpaired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.UnpairedBatch;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnpairedObjectivesTest {
  @Test
  void createsEveryLossType() {
    assertEquals(java.util.List.of("kto", "apo_zero_unpaired", "bco", "npo"),
        java.util.List.copyOf(UnpairedObjectives.lossTypes()));
    assertInstanceOf(KtoLoss.class, UnpairedObjectives.create("kto", Map.of()));
    assertEquals(KtoLoss.LossType.APO_ZERO_UNPAIRED,
        ((KtoLoss) UnpairedObjectives.create("apo_zero_unpaired", Map.of("beta", 0.2))).lossType());
    assertInstanceOf(BcoLoss.class, UnpairedObjectives.create("bco", Map.of("update_reward_shift", false)));
    assertEquals(0.5, ((NpoLoss) UnpairedObjectives.create("npo", Map.of("beta", 0.5))).beta());
  }

  @Test
  void theObjectivesRegistryDelegatesHere() {
    UnpairedBatch tv6 = UnpairedBatch.of(new double[] {-10, -12, -14, -9}, new double[] {-10.5, -12, -13, -9.8},
        new boolean[] {true, true, false, false});
    assertEquals(0.620004, Objectives.unpaired("apo_zero_unpaired", Map.of("undesirable_weight", 1.5))
        .evaluate(tv6).loss(), 1e-6);
    assertThrows(IllegalArgumentException.class, () -> Objectives.unpaired("sigmoid", Map.of()));
  }

  @Test
  void unknownLossTypeListsTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UnpairedObjectives.create("kto_pair", Map.of()));
    assertTrue(e.getMessage().contains("kto_pair") && e.getMessage().contains("apo_zero_unpaired")
        && e.getMessage().contains("npo"), e.getMessage());
  }

  @Test
  void unknownKeyListsTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UnpairedObjectives.create("kto", Map.of("bta", 0.1)));
    assertTrue(e.getMessage().contains("bta") && e.getMessage().contains("desirable_weight"), e.getMessage());
    // a key valid for another loss type is still an error
    e = assertThrows(IllegalArgumentException.class,
        () -> UnpairedObjectives.create("npo", Map.of("desirable_weight", 1.0)));
    assertTrue(e.getMessage().contains("desirable_weight"), e.getMessage());
  }

  @Test
  void badValuesNameTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UnpairedObjectives.create("kto", Map.of("beta", -0.1)));
    assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("-0.1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> UnpairedObjectives.create("kto", Map.of("clamp_reference_point", "maybe")));
    assertTrue(e.getMessage().contains("clamp_reference_point"), e.getMessage());
  }
}
