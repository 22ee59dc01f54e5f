package dev.align4j.rollout.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class ArmSummaryTest {

  @Property(trials = 200)
  void mergeEqualsPooling(Gen gen) {
    int n1 = gen.intIn(0, 50);
    int n2 = gen.intIn(0, 50);
    double[] a = new double[n1];
    double[] b = new double[n2];
    double[] all = new double[n1 + n2];
    for (int i = 0; i < n1; i++) {
      a[i] = gen.gaussian(1000, 3);
      all[i] = a[i];
    }
    for (int i = 0; i < n2; i++) {
      b[i] = gen.gaussian(1000, 3);
      all[n1 + i] = b[i];
    }
    ArmSummary merged = ArmSummary.of(a).merge(ArmSummary.of(b));
    ArmSummary pooled = ArmSummary.of(all);
    assertEquals(pooled.n(), merged.n());
    assertEquals(pooled.mean(), merged.mean(), 1e-9);
    assertEquals(pooled.m2(), merged.m2(), 1e-7 * Math.max(1, pooled.m2()));
  }

  @Property(trials = 100)
  void rateSummaryMatchesZeroOneObservations(Gen gen) {
    int n = gen.intIn(1, 300);
    int x = gen.intIn(0, n);
    double[] obs = new double[n];
    for (int i = 0; i < x; i++) {
      obs[i] = 1;
    }
    ArmSummary direct = ArmSummary.of(obs);
    ArmSummary rate = ArmSummary.ofRate(x, n);
    assertEquals(direct.mean(), rate.mean(), 1e-12);
    assertEquals(direct.m2(), rate.m2(), 1e-9);
    assertEquals(x, rate.sum(), 1e-9);
  }

  @Test
  void nanIsCountedApartAndInfinityRejected() {
    ArmSummary s = ArmSummary.of(1, Double.NaN, 3);
    assertEquals(2, s.n());
    assertEquals(1, s.nanCount());
    assertEquals(2, s.mean(), 0);
    RunningStats r = new RunningStats();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> r.add(Double.POSITIVE_INFINITY));
    assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
  }

  @Test
  void negativeCountsAndImpossibleRatesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArmSummary.ofRate(-1, 10));
    assertTrue(e.getMessage().contains("events must be in [0, trials=10], was -1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ArmSummary.ofRate(11, 10));
    assertThrows(IllegalArgumentException.class, () -> ArmSummary.ofRate(1, -10));
    assertThrows(IllegalArgumentException.class, () -> new ArmSummary(-1, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new ArmSummary(3, Double.NaN, 0, 0));
  }
}
