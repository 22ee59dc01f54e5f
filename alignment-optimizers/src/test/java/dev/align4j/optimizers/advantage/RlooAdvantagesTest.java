package dev.align4j.optimizers.advantage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class RlooAdvantagesTest {

  @Test
  void matchesTrlVectorsTv11() {
    double[] a = RlooAdvantages.builder().build().compute(new double[] {0.98, -0.01, 0.51, -0.015}, 4);
    assertArrayEquals(new double[] {0.818333, -0.501667, 0.191667, -0.508333}, a, 5e-7);
  }

  @Property(trials = 100)
  void leaveOneOutEqualsScaledCentring(Gen gen) {
    int g = gen.intIn(2, 8);
    double[] r = gen.gaussians(g * gen.intIn(1, 3));
    double[] a = RlooAdvantages.builder().build().compute(r, g);
    for (int k = 0; k < r.length / g; k++) {
      double mean = 0;
      for (int j = k * g; j < (k + 1) * g; j++) {
        mean += r[j] / g;
      }
      for (int j = k * g; j < (k + 1) * g; j++) {
        assertEquals((double) g / (g - 1) * (r[j] - mean), a[j], 1e-12);
        // the baseline does not depend on the sample's own reward: A_j + (others' mean) = R_j
      }
    }
  }

  @Test
  void identicalGroupsGiveExactlyZero() {
    double[] a = RlooAdvantages.builder().build().compute(new double[] {0.1, 0.1, 0.1, 1, 2, 3}, 3);
    assertArrayEquals(new double[] {0, 0, 0, -1.5, 0, 1.5}, a, 1e-15);
    assertEquals(0.0, a[0], 0.0);
  }

  @Property(trials = 30)
  void normalisedAdvantagesHaveZeroMeanAndUnitStd(Gen gen) {
    double[] r = gen.gaussians(4 * gen.intIn(1, 4));
    double[] a = RlooAdvantages.builder().normalizeAdvantages(true).build().compute(r, 4);
    double mean = 0;
    for (double v : a) {
      mean += v / a.length;
    }
    double ss = 0;
    for (double v : a) {
      ss += (v - mean) * (v - mean);
    }
    assertEquals(0.0, mean, 1e-12);
    assertEquals(1.0, Math.sqrt(ss / (a.length - 1)), 1e-3);
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RlooAdvantages.builder().build().compute(new double[] {1, 2}, 1));
    assertTrue(e.getMessage().contains("groupSize must be >= 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RlooAdvantages.builder().build().compute(new double[] {1, Double.POSITIVE_INFINITY}, 2));
    assertTrue(e.getMessage().contains("rewards[1]"), e.getMessage());
  }
}
