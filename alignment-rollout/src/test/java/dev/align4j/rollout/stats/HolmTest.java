package dev.align4j.rollout.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class HolmTest {

  @Test
  void textbookExample() {
    // p = (0.01, 0.04, 0.03, 0.005), alpha 0.05: sorted 0.005 <= 0.0125, 0.01 <= 0.01667, 0.03 > 0.025 -> stop
    Holm.Result r = Holm.apply(new double[] {0.01, 0.04, 0.03, 0.005}, 0.05);
    assertArrayEquals(new boolean[] {true, false, false, true}, r.rejected());
    assertEquals(0.05 / 4, r.levels()[3], 1e-15);
    assertEquals(0.05 / 3, r.levels()[0], 1e-15);
  }

  @Property(trials = 100)
  void rejectsAtLeastWhatBonferroniRejectsAndNeverMoreThanUnadjusted(Gen gen) {
    int m = gen.intIn(1, 20);
    double[] p = gen.uniforms(m, 0, 0.1);
    Holm.Result r = Holm.apply(p, 0.05);
    for (int i = 0; i < m; i++) {
      if (p[i] <= 0.05 / m) {
        assertTrue(r.rejected()[i], "Bonferroni rejection kept");
      }
      if (r.rejected()[i]) {
        assertTrue(p[i] <= 0.05, "never rejects above alpha");
      }
    }
  }

  @Test
  void badInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Holm.apply(new double[] {0.1, 1.5}, 0.05));
    assertTrue(e.getMessage().contains("pValues[1]"), e.getMessage());
  }
}
