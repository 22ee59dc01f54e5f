package dev.align4j.rollout.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.apache.commons.statistics.inference.ContinuityCorrection;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;
import org.junit.jupiter.api.Test;

class MannWhitneyTestTest {

  @Property(trials = 60)
  void matchesCommonsStatistics(Gen gen) {
    int m = gen.intIn(20, 150);
    int n = gen.intIn(20, 150);
    double shift = gen.doubleIn(-1, 1);
    double[] x = new double[m];
    double[] y = new double[n];
    for (int i = 0; i < m; i++) {
      x[i] = gen.gaussian() + shift;
    }
    for (int i = 0; i < n; i++) {
      y[i] = gen.gaussian();
    }
    MannWhitneyTest.Result r = MannWhitneyTest.compare(x, y, 0.05);
    // the same normal approximation with continuity correction (Commons Statistics' asymptotic method)
    MannWhitneyUTest ref = MannWhitneyUTest.withDefaults().with(PValueMethod.ASYMPTOTIC)
        .with(ContinuityCorrection.ENABLED);
    assertEquals(ref.statistic(x, y), r.u(), 1e-9, "U");
    assertEquals(ref.test(x, y).getPValue(), r.pValue(), 1e-12, "p-value");
  }

  @Test
  void hodgesLehmannRecoversAnExactShift() {
    double[] y = new double[40];
    double[] x = new double[40];
    for (int i = 0; i < 40; i++) {
      y[i] = Math.sin(i * 1.7) * 3 + i * 0.01;
      x[i] = y[i] + 2.5;
    }
    MannWhitneyTest.Result r = MannWhitneyTest.compare(x, y, 0.02);
    assertEquals(2.5, r.hodgesLehmann(), 1e-12);
    assertTrue(r.lower() <= 2.5 && 2.5 <= r.upper());
    assertTrue(r.cles() > 0.5);
  }

  @Property(trials = 40)
  void intervalCoversTheTrueShiftAtAboutItsLevel(Gen gen) {
    // one draw per trial: the interval at 98% contains the true shift 0.7 (a miss has probability 0.02; with the
    // testkit's fixed seeds this property is deterministic)
    double[] x = new double[60];
    double[] y = new double[50];
    for (int i = 0; i < x.length; i++) {
      x[i] = gen.gaussian() + 0.7;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = gen.gaussian();
    }
    MannWhitneyTest.Result r = MannWhitneyTest.compare(x, y, 0.02);
    assertTrue(r.lower() < r.hodgesLehmann() && r.hodgesLehmann() < r.upper());
    assertTrue(r.lower() <= 0.7 + 0.6 && r.upper() >= 0.7 - 0.6);
  }

  @Test
  void badInput() {
    assertThrows(IllegalArgumentException.class, () -> MannWhitneyTest.compare(new double[0], new double[] {1}, 0.05));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MannWhitneyTest.compare(new double[] {1, Double.NaN}, new double[] {1}, 0.05));
    assertTrue(e.getMessage().contains("candidate[1]"), e.getMessage());
  }
}
