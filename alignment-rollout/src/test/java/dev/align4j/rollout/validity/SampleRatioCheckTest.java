package dev.align4j.rollout.validity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class SampleRatioCheckTest {

  @Test
  void chiSquareMatchesCommonsMath() {
    long c = 5230;
    long i = 94770;
    double w = 0.05;
    SampleRatioCheck.Result r = SampleRatioCheck.test(c, i, w);
    ChiSquareTest ref = new ChiSquareTest();
    double[] expected = {100_000 * w, 100_000 * (1 - w)};
    long[] observed = {c, i};
    assertEquals(ref.chiSquare(expected, observed), r.statistic(), 1e-9);
    assertEquals(ref.chiSquareTest(expected, observed), r.pValue(), 1e-12);
  }

  @Test
  void repeatedChiSquareRaisesFalseAlarmsWhileTheSequentialTestDoesNot() {
    // correct 5% split, 50 looks of 2,000 assignments, alarm at p < 0.01; 2,000 runs (SE of 0.01: 0.0022)
    SplittableRandom rng = new SplittableRandom(5);
    int runs = 2000;
    int chiAlarms = 0;
    int seqAlarms = 0;
    for (int r = 0; r < runs; r++) {
      long c = 0;
      long n = 0;
      boolean chi = false;
      boolean seq = false;
      for (int look = 0; look < 50; look++) {
        for (int k = 0; k < 2000; k++) {
          c += rng.nextDouble() < 0.05 ? 1 : 0;
        }
        n += 2000;
        chi |= SampleRatioCheck.test(c, n - c, 0.05).pValue() < 0.01;
        seq |= SampleRatioCheck.sequential(c, n - c, 0.05, SampleRatioCheck.DEFAULT_CONCENTRATION).pValue() < 0.01;
      }
      chiAlarms += chi ? 1 : 0;
      seqAlarms += seq ? 1 : 0;
    }
    assertTrue(seqAlarms / (double) runs <= 0.01 + 3 * 0.0022, "sequential false alarms " + seqAlarms);
    assertTrue(chiAlarms > 2 * seqAlarms + 20, "chi2 " + chiAlarms + " vs sequential " + seqAlarms);
  }

  @Test
  void sequentialTestCatchesARealMismatch() {
    // 6% observed where 5% was configured, 20,000 assignments
    SampleRatioCheck.Result r = SampleRatioCheck.sequential(1200, 18800, 0.05, SampleRatioCheck.DEFAULT_CONCENTRATION);
    assertTrue(r.pValue() < 1e-3, "p " + r.pValue());
    assertEquals(0.06, r.observedCandidateShare(), 1e-12);
  }

  @Test
  void badInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleRatioCheck.test(-1, 5, 0.5));
    assertTrue(e.getMessage().contains("candidate count must be >= 0, was -1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SampleRatioCheck.sequential(1, 5, 1.0, 100));
    assertThrows(IllegalArgumentException.class, () -> SampleRatioCheck.sequential(1, 5, 0.5, 0));
  }
}
