package dev.align4j.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WilsonIntervalTest {

  /**
   * {@code scipy.stats.binomtest(x, n).proportion_ci(confidence_level, method="wilson")} (scipy 1.17.1), pasted.
   */
  @ParameterizedTest
  @CsvSource({
    "15, 148, 0.05, 0.06238639953073629, 0.16048724172330803",
    "0, 20, 0.05, 0.0, 0.16112515805281935",
    "20, 20, 0.05, 0.8388748419471808, 1.0",
    "1, 29, 0.01, 0.0040614941968838275, 0.23825425313641302",
    "5, 10, 0.1, 0.26927182113826725, 0.7307281788617328",
    "2, 3, 0.05, 0.20765960080204782, 0.9385080552796038",
    "7, 7, 0.5, 0.9389751438109245, 1.0",
  })
  void twoSidedMatchesScipy(long x, long n, double alpha, double lower, double upper) {
    double[] ci = WilsonInterval.twoSided(x, n, alpha);
    assertEquals(lower, ci[0], 1e-14, "lower");
    assertEquals(upper, ci[1], 1e-14, "upper");
  }

  @Property(trials = 200)
  void upperBoundIsTheTwoSidedUpperAtTwiceAlphaAndTheIntervalHoldsTheEstimate(Gen gen) {
    int n = gen.intIn(1, 10_000);
    int x = gen.intIn(0, n);
    double alpha = gen.doubleIn(1e-6, 0.4);
    assertEquals(
        WilsonInterval.twoSided(x, n, 2 * alpha)[1], WilsonInterval.upperBound(x, n, alpha), 1e-15);
    double[] ci = WilsonInterval.twoSided(x, n, alpha);
    double p = (double) x / n;
    assertTrue(
        0 <= ci[0] && ci[0] <= p + 1e-12 && p <= ci[1] + 1e-12 && ci[1] <= 1,
        "[" + ci[0] + ", " + ci[1] + "]");
  }

  @Test
  void refusesBadArgumentsNamingThem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.twoSided(-1, 10, 0.05));
    assertTrue(e.getMessage().contains("x must be in [0, n=10], was -1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> WilsonInterval.twoSided(0, 0, 0.05));
    assertTrue(e.getMessage().contains("n must be > 0, was 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> WilsonInterval.upperBound(1, 10, 1.5));
    assertTrue(e.getMessage().contains("alpha"), e.getMessage());
  }
}
