package dev.align4j.rollout.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class BinomialBoundsTest {

  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Stat. Med. 17:857-872, Table II,
  // methods 1 (Wilson score without continuity correction) and 5 (Clopper-Pearson exact), 95%.
  @Test
  void wilsonMatchesNewcombeTable() {
    assertInterval(0.0624, 0.1605, BinomialBounds.wilson(15, 148, 0.05));
    assertInterval(0.0000, 0.1611, BinomialBounds.wilson(0, 20, 0.05));
    assertInterval(0.0061, 0.1718, BinomialBounds.wilson(1, 29, 0.05));
    assertInterval(0.2366, 0.7634, BinomialBounds.wilson(5, 10, 0.05));
  }

  @Test
  void clopperPearsonMatchesNewcombeTable() {
    assertInterval(0.0578, 0.1617, BinomialBounds.clopperPearson(15, 148, 0.05));
    assertInterval(0.0000, 0.1684, BinomialBounds.clopperPearson(0, 20, 0.05));
    assertInterval(0.0009, 0.1776, BinomialBounds.clopperPearson(1, 29, 0.05));
    assertInterval(0.1871, 0.8129, BinomialBounds.clopperPearson(5, 10, 0.05));
  }

  @Test
  void zeroEventsGiveTheRuleOfThree() {
    // one-sided 95% upper bound with no events: 1 - 0.05^(1/n) ≈ 3/n
    assertEquals(1 - Math.pow(0.05, 1.0 / 100), BinomialBounds.clopperPearsonUpper(0, 100, 0.05), 1e-12);
    assertEquals(3.0 / 1000, BinomialBounds.clopperPearsonUpper(0, 1000, 0.05), 1e-4);
    // certifying 0.1% at 95% needs ≈ 3,000 clean samples (reference §B.7.2)
    long n = BinomialBounds.minTrialsToCertify(0.001, 0.05);
    assertEquals(2995, n);
    assertTrue(BinomialBounds.clopperPearsonUpper(0, n, 0.05) <= 0.001);
    assertTrue(BinomialBounds.clopperPearsonUpper(0, n - 1, 0.05) > 0.001);
  }

  @Property(trials = 100)
  void oneSidedUpperIsTheTwoSidedUpperAtTwiceAlpha(Gen gen) {
    int n = gen.intIn(1, 500);
    int x = gen.intIn(0, n);
    double alpha = gen.doubleIn(0.001, 0.2);
    assertEquals(BinomialBounds.clopperPearson(x, n, 2 * alpha)[1], BinomialBounds.clopperPearsonUpper(x, n, alpha),
        1e-9);
    assertEquals(BinomialBounds.wilson(x, n, 2 * alpha)[1], BinomialBounds.wilsonUpper(x, n, alpha), 1e-12);
  }

  @Property(trials = 100)
  void intervalsContainTheEstimate(Gen gen) {
    int n = gen.intIn(1, 2000);
    int x = gen.intIn(0, n);
    double p = (double) x / n;
    double[] w = BinomialBounds.wilson(x, n, 0.05);
    double[] cp = BinomialBounds.clopperPearson(x, n, 0.05);
    assertTrue(w[0] <= p + 1e-12 && p <= w[1] + 1e-12, "wilson must contain p̂");
    assertTrue(cp[0] <= p && p <= cp[1], "clopper-pearson must contain p̂");
    assertTrue(cp[0] <= cp[1] && w[0] <= w[1]);
  }

  @Test
  void badInputNamesTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BinomialBounds.wilson(-1, 10,
        0.05));
    assertTrue(e.getMessage().contains("x must be in [0, n=10], was -1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BinomialBounds.clopperPearson(11, 10, 0.05));
    assertThrows(IllegalArgumentException.class, () -> BinomialBounds.wilson(1, 10, 1.5));
  }

  private static void assertInterval(double lo, double hi, double[] actual) {
    assertEquals(lo, actual[0], 1.5e-4, "lower");
    assertEquals(hi, actual[1], 1.5e-4, "upper");
  }
}
