package dev.align4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The per-position distribution values: validation with named arguments, top-k order, copies. */
class TokenDistributionsTest {
  private static final double L2 = Math.log(0.2);
  private static final double L3 = Math.log(0.3);
  private static final double L5 = Math.log(0.5);

  @Test
  void topKIsMostLikelyFirstWithTiesBySmallerId() {
    TokenDistributions d =
        new TokenDistributions(new double[] {L2, L3, L5, L3, L3, Math.log(0.4)}, 3);
    assertEquals(2, d.length());
    TopKLogProbs top = d.topK(2);
    assertArrayEquals(new int[] {2, 1, 2, 0}, top.tokens());
    assertArrayEquals(new double[] {L5, L3, Math.log(0.4), L3}, top.logProbs());
    assertEquals(L3, d.logProb(1, 1));
    double[] row = d.row(0);
    row[0] = 0;
    assertEquals(L2, d.logProb(0, 0), "rows are copies");
  }

  @Test
  void refusesRowsThatAreNotDistributions() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TokenDistributions(new double[] {L2, L3, L3}, 3));
    assertTrue(
        e.getMessage().contains("row 0") && e.getMessage().contains("normalised"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TokenDistributions(new double[] {0.1, L3, L5}, 3));
    assertTrue(
        e.getMessage().contains("logProbs[0][0]") && e.getMessage().contains("0.1"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new TokenDistributions(new double[] {L2, L3}, 3));
    assertTrue(e.getMessage().contains("vocabularySize"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TokenDistributions(new double[] {L2, L3, L5}, 3).topK(4));
    assertTrue(e.getMessage().contains("k") && e.getMessage().contains("4"), e.getMessage());
  }

  @Test
  void topKRefusesDuplicatesAndExcessMass() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TopKLogProbs(new int[] {3, 3}, new double[] {L2, L3}, 2));
    assertTrue(e.getMessage().contains("distinct") && e.getMessage().contains("3"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TopKLogProbs(new int[] {1, 2}, new double[] {L5, Math.log(0.6)}, 2));
    assertTrue(e.getMessage().contains("at most 1"), e.getMessage());
    TopKLogProbs ok = new TopKLogProbs(new int[] {1, 2}, new double[] {L5, L3}, 2);
    assertEquals(1, ok.length());
    assertEquals(ok, new TopKLogProbs(new int[] {1, 2}, new double[] {L5, L3}, 2));
  }
}
