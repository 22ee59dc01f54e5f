package dev.align4j.rollout.validity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleRatioCheckTest {

  @Test
  void chiSquareMatchesCommonsStatistics() {
    long c = 5230;
    long i = 94770;
    double w = 0.05;
    SampleRatioCheck.Result r = SampleRatioCheck.test(c, i, w);
    ChiSquareTest ref = ChiSquareTest.withDefaults();
    double[] expected = {100_000 * w, 100_000 * (1 - w)};
    long[] observed = {c, i};
    assertEquals(ref.statistic(expected, observed), r.statistic(), 1e-9);
    assertEquals(ref.test(expected, observed).getPValue(), r.pValue(), 1e-12);
  }

  /** scipy.stats.chisquare([c, i], [N·w, N·(1 − w)]): statistic and p-value, far into the upper tail. */
  @ParameterizedTest
  @CsvSource({
      "5450, 4550, 0.5, 81.0, 2.257176811907684e-19",
      "5708, 4292, 0.5, 200.5056, 1.6199415353864174e-45",
      "6581, 3419, 0.5, 999.8244, 1.9608077275932525e-219",
      "5387, 4613, 0.5, 59.9076, 9.94168142832393e-15",
      "1200, 18800, 0.05, 42.10526315789474, 8.649009680852728e-11"})
  void chiSquarePValueIsTheUpperTailEvenWhereOneMinusTheCdfUnderflows(long c, long i, double w, double chi2,
      double scipyP) {
    SampleRatioCheck.Result r = SampleRatioCheck.test(c, i, w);
    assertEquals(chi2, r.statistic(), 1e-9 * chi2);
    assertEquals(scipyP, r.pValue(), 1e-10 * scipyP, "relative error " + (r.pValue() / scipyP - 1));
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
