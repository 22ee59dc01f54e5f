package dev.align4j.optimizers.advantage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WhiteningTest {

  @Test
  void whitensWithTheUnbiasedVarianceAndOptionallyKeepsTheMean() {
    double[] x = {1, 2, 3, 10};
    double[] mask = {1, 1, 1, 0};
    double sd = Math.sqrt(1 + Whitening.EPSILON); // mean 2, unbiased variance 1 over the three active values
    assertArrayEquals(new double[] {-1 / sd, 0, 1 / sd, 8 / sd}, Whitening.whiten(x, mask, true), 1e-15);
    assertArrayEquals(new double[] {2 - 1 / sd, 2, 2 + 1 / sd, 2 + 8 / sd}, Whitening.whiten(x, mask, false),
        1e-15);
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Whitening.whiten(new double[] {1, 2}, new double[] {1, 0}, true));
    assertTrue(e.getMessage().contains("> 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Whitening.whiten(new double[] {1, 2}, new double[] {1, 2}, true));
    assertTrue(e.getMessage().contains("mask[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Whitening.whiten(new double[] {1, Double.NaN}, null, true));
    assertTrue(e.getMessage().contains("values[1]"), e.getMessage());
  }
}
