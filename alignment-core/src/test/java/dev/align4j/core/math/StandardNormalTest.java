package dev.align4j.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StandardNormalTest {

  /**
   * {@code scipy.stats.norm.ppf(p)} (scipy 1.17.1), pasted: the far tail down to the smallest subnormal, both
   * breakpoints of AS 241 (|p − 0.5| = 0.425 and sqrt(−ln p) = 5, i.e. p = e^−25), the centre and the upper half.
   */
  @ParameterizedTest
  @CsvSource({
    "5e-324, -38.467405617144344",
    "2.2250738585072014e-308, -37.5193793471445",
    "1e-300, -37.0470962993612",
    "1e-200, -30.20559417957964",
    "1e-100, -21.273453560965322",
    "1e-50, -14.933337534788487",
    "1e-20, -9.262340089798409",
    "1.3887943864964021e-11, -6.657904643501104",
    "1.3889332659350517e-11, -6.657889942627787",
    "1e-10, -6.361340902404056",
    "1e-05, -4.264890793922825",
    "0.001, -3.090232306167813",
    "0.01, -2.3263478740408408",
    "0.02425, -1.972961051311885",
    "0.05, -1.6448536269514729",
    "0.07499999, -1.4395315415821681",
    "0.075, -1.4395314709384563",
    "0.07500001, -1.4395314002947512",
    "0.1, -1.2815515655446004",
    "0.2, -0.8416212335729142",
    "0.3, -0.5244005127080409",
    "0.4, -0.2533471031357997",
    "0.45, -0.12566134685507402",
    "0.5, 0.0",
    "0.55, 0.12566134685507416",
    "0.6, 0.2533471031357997",
    "0.7, 0.5244005127080407",
    "0.8, 0.8416212335729143",
    "0.9, 1.2815515655446004",
    "0.925, 1.4395314709384563",
    "0.95, 1.6448536269514722",
    "0.975, 1.959963984540054",
    "0.99, 2.3263478740408408",
    "0.999, 3.090232306167813",
    "0.99999, 4.264890793923841",
    "0.999999999999, 7.0344869100478356",
  })
  void quantileMatchesScipyOverTheWholeRange(double p, double expected) {
    double z = StandardNormal.quantile(p);
    assertEquals(expected, z, 4e-15 * Math.max(1, Math.abs(expected)), "quantile(" + p + ")");
  }

  @Property(trials = 300)
  void quantileIsOddAroundOneHalfAndIncreasing(Gen gen) {
    double p = Math.exp(gen.doubleIn(Math.log(1e-12), Math.log(0.5)));
    double lo = StandardNormal.quantile(p);
    double hi = StandardNormal.quantile(1 - p);
    // 1 − p is rounded (by at most 2^-54), which moves Φ⁻¹ by that over the density φ(z)
    double density = Math.exp(-lo * lo / 2) / Math.sqrt(2 * Math.PI);
    double tol = 0x1p-54 / density + 1e-15 * Math.abs(lo) + 1e-16;
    assertEquals(-lo, hi, tol, "Φ⁻¹(p) = −Φ⁻¹(1 − p) at p=" + p);
    double q = gen.doubleIn(p, 0.5);
    assertTrue(StandardNormal.quantile(q) >= lo, "increasing between " + p + " and " + q);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0, -0.1, 1.5, Double.NaN})
  void refusesAnythingButAnOpenProbability(double p) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StandardNormal.quantile(p));
    assertTrue(e.getMessage().contains("p"), e.getMessage());
  }

  @Test
  void smallestSubnormalStaysFinite() {
    assertTrue(Double.isFinite(StandardNormal.quantile(Double.MIN_VALUE)));
  }
}
