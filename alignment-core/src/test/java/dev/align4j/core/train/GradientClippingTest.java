package dev.align4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

  @Test
  void factorIsPyTorchs() {
    assertEquals(1.0, GradientClipping.factor(0.5, 1.0));
    assertEquals(1.0, GradientClipping.factor(1.0, 1.0)); // not above the threshold: untouched
    assertEquals(1.0 / (4.0 + 1e-6), GradientClipping.factor(4.0, 1.0));
    assertEquals(1.0, GradientClipping.factor(4.0, 0.0)); // 0 disables
    assertEquals(1.0, GradientClipping.factor(4.0, Double.POSITIVE_INFINITY)); // +∞ disables
  }

  @Test
  void doubleNormDoesNotOverflowAndFloatNormCannot() {
    assertEquals(Math.sqrt(2) * 1e200, GradientClipping.globalNorm(new double[][] {{1e200}, {1e200}}), 1e186);
    double big = Float.MAX_VALUE;
    assertEquals(Math.sqrt(2) * big, GradientClipping.globalNorm(new float[] {Float.MAX_VALUE, -Float.MAX_VALUE}),
        1e-15 * big);
    assertTrue(Double.isNaN(GradientClipping.globalNorm(new float[] {1f, Float.NaN})));
    assertEquals(Double.POSITIVE_INFINITY, GradientClipping.globalNorm(new float[] {Float.POSITIVE_INFINITY}));
  }

  @Property(trials = 100)
  void floatNormIsTheEuclideanNorm(Gen gen) {
    int n = gen.intIn(0, 30);
    double[] x = gen.gaussians(n);
    float[] f = new float[n];
    double reference = 0;
    for (int i = 0; i < n; i++) {
      f[i] = (float) x[i];
      reference = Math.hypot(reference, f[i]);
    }
    assertEquals(reference, GradientClipping.globalNorm(f), 1e-14 * (1 + reference));
    assertEquals(reference, GradientClipping.globalNorm(new double[][] {toDouble(f)}),
        1e-14 * (1 + reference));
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
