package dev.align4j.optimizers.objective.listwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.ListwiseBatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListwiseObjectivesTest {
  @Test
  void createsEveryLossType() {
    assertEquals(List.of("dpo_pl", "pro", "lipo_lambda", "rrhf"), List.copyOf(ListwiseObjectives.lossTypes()));
    assertEquals(0.3, ((PlackettLuceDpoLoss) ListwiseObjectives.create("dpo_pl", Map.of("beta", 0.3))).beta());
    assertEquals(0.2, ((LipoLambdaLoss) ListwiseObjectives.create("lipo_lambda", Map.of("beta", "0.2"))).beta());
    assertInstanceOf(ProLoss.class, ListwiseObjectives.create("pro", Map.of("sft_weight", 0.5,
        "score_temperatures", false)));
    assertInstanceOf(RrhfLoss.class, ListwiseObjectives.create("rrhf", Map.of("length_penalty", 0.0)));
  }

  @Test
  void configReachesTheLoss() {
    double[] policy = {-2, -1};
    int[] lengths = {1, 1};
    ListwiseBatch b = ListwiseBatch.ofFixedSize(policy, null, lengths, 2);
    // rrhf: hinge 1 + w · 2
    assertEquals(1 + 0.5 * 2, ListwiseObjectives.create("rrhf", Map.of("sft_weight", 0.5)).evaluate(b).loss(), 1e-12);
    assertEquals(100 + 2, ListwiseObjectives.create("rrhf", Map.of("rrhf_weight", 100)).evaluate(b).loss(), 1e-12);
  }

  @Test
  void unknownNamesAndKeysListTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ListwiseObjectives.create("listmle", Map.of()));
    assertTrue(e.getMessage().contains("listmle") && e.getMessage().contains("dpo_pl")
        && e.getMessage().contains("rrhf"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ListwiseObjectives.create("dpo_pl", Map.of("gamma", 1)));
    assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("beta"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ListwiseObjectives.create("rrhf", Map.of("sft_weight", -1)));
    assertTrue(e.getMessage().contains("sft_weight"), e.getMessage());
  }
}
