package dev.align4j.optimizers.advantage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RemaxBaselineTest {

  @Test
  void subtractsTheGreedyReward() {
    assertArrayEquals(new double[] {0.5, -1, 0}, RemaxBaseline.advantages(new double[] {1, 0, 2},
        new double[] {0.5, 1, 2}), 0.0);
    assertArrayEquals(new double[] {0.5, -0.5, 1, 3}, RemaxBaseline.advantages(new double[] {1, 0, 1, 3},
        new double[] {0.5, 0}, 2), 0.0);
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RemaxBaseline.advantages(new double[] {1, 2}, new double[] {1}));
    assertTrue(e.getMessage().contains("same length"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RemaxBaseline.advantages(new double[] {1, 2}, new double[] {1, 2}, 2));
    assertTrue(e.getMessage().contains("one reward per prompt (1)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RemaxBaseline.advantages(new double[] {1, Double.NaN}, new double[] {1, 2}));
    assertTrue(e.getMessage().contains("sampledRewards[1]"), e.getMessage());
  }
}
