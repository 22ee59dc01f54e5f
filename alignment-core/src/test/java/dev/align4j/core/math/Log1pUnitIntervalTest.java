package dev.align4j.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** {@link StableMath#log1pUnitInterval} against a 50-digit reference on [0, 1], its branch point and its edges. */
class Log1pUnitIntervalTest {

  private static double exact(double u) {
    return HighPrecision.log1p(new BigDecimal(u)).doubleValue();
  }

  @Property(trials = 300)
  void matchesTheExactValue(Gen gen) {
    // uniform on [0, 1] and log-uniform down to subnormal values
    double u = gen.bool() ? gen.doubleIn(0, 1) : Math.pow(10, gen.doubleIn(-320, 0));
    double expected = u < 1e-20 ? u : exact(u);
    assertEquals(expected, StableMath.log1pUnitInterval(u), 1e-15 * expected + Double.MIN_VALUE, "u=" + u);
  }

  @Test
  void edgesAndBranchPoint() {
    double b = Math.sqrt(2) - 1;
    for (double u : new double[] {0.0, 1.0, b, Math.nextUp(b), Math.nextDown(b), Double.MIN_VALUE, 1e-300, 0.5}) {
      double expected = u < 1e-20 ? u : exact(u);
      assertEquals(expected, StableMath.log1pUnitInterval(u), 1e-15 * expected + Double.MIN_VALUE, "u=" + u);
    }
    assertTrue(Double.isNaN(StableMath.log1pUnitInterval(Double.NaN)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StableMath.log1pUnitInterval(-0.1));
    assertTrue(e.getMessage().contains("u must be in [0, 1], was -0.1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StableMath.log1pUnitInterval(1.5));
  }
}
