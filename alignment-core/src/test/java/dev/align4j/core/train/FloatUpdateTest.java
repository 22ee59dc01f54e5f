package dev.align4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

/** {@link AdamW.FloatUpdate}: the float AdamW update against the formula and against the double optimiser. */
class FloatUpdateTest {

  private static float[] floats(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }

  @Property(trials = 100)
  void firstStepMovesEachCoordinateByTheRateTimesTheSignAfterDecay(Gen gen) {
    int n = gen.intIn(1, 8);
    float[] p = floats(gen.gaussians(n));
    float[] g = floats(gen.gaussians(n));
    float[] before = p.clone();
    double lr = gen.doubleIn(1e-4, 0.1);
    double wd = gen.doubleIn(0, 0.1);
    AdamW.FloatUpdate.of(lr, 0.9, 0.999, 1e-8, wd, 1, 1.0).apply(p, g, new float[n], new float[n], 0, n);
    for (int i = 0; i < n; i++) {
      // t = 1: m̂ = g, v̂ = g²  ⇒  θ ← θ·(1 − ηλ) − η·g/(|g| + ε)
      double expected = before[i] * (1 - lr * wd) - lr * g[i] / (Math.abs(g[i]) + 1e-8);
      assertEquals(expected, p[i], 1e-6 * (1 + Math.abs(expected)), "coordinate " + i);
    }
  }

  @Property(trials = 50)
  void followsTheDoubleOptimiserWithinFloatRounding(Gen gen) {
    int n = gen.intIn(1, 6);
    double b1 = gen.doubleIn(0.5, 0.95);
    double b2 = gen.doubleIn(0.9, 0.9999);
    double wd = gen.doubleIn(0, 0.05);
    double clip = gen.doubleIn(0.1, 1);
    double[] pd = gen.gaussians(n);
    float[] pf = floats(pd);
    for (int i = 0; i < n; i++) {
      pd[i] = pf[i];
    }
    AdamW reference = AdamW.builder().beta1(b1).beta2(b2).weightDecay(wd).maxGradNorm(0).build();
    float[] m = new float[n];
    float[] v = new float[n];
    for (int t = 1; t <= 5; t++) {
      float[] gf = floats(gen.gaussians(n));
      double[] gd = new double[n];
      for (int i = 0; i < n; i++) {
        gd[i] = (double) gf[i] * (float) clip; // the double optimiser sees the clipped gradient
      }
      double lr = gen.doubleIn(1e-3, 0.05);
      reference.step(new double[][] {pd}, new double[][] {gd}, lr);
      AdamW.FloatUpdate.of(lr, b1, b2, 1e-8, wd, t, clip).apply(pf, gf, m, v, 0, n);
    }
    for (int i = 0; i < n; i++) {
      assertEquals(pd[i], pf[i], 1e-5 * (1 + Math.abs(pd[i])), "coordinate " + i);
    }
  }

  @Property(trials = 50)
  void updatingInRangesIsBitIdenticalToOneRange(Gen gen) {
    int n = gen.intIn(2, 20);
    int cut = gen.intIn(1, n - 1);
    float[] p1 = floats(gen.gaussians(n));
    float[] g = floats(gen.gaussians(n));
    float[] p2 = p1.clone();
    float[] m1 = new float[n];
    float[] v1 = new float[n];
    float[] m2 = new float[n];
    float[] v2 = new float[n];
    AdamW.FloatUpdate u = AdamW.FloatUpdate.of(0.01, 0.9, 0.999, 1e-8, 0.01, 3, 0.5);
    u.apply(p1, g, m1, v1, 0, n);
    u.apply(p2, g, m2, v2, cut, n);
    u.apply(p2, g, m2, v2, 0, cut);
    assertArrayEquals(p1, p2);
    assertArrayEquals(m1, m2);
    assertArrayEquals(v1, v2);
  }

  @Test
  void withoutDecayKeepsEverythingButTheDecay() {
    AdamW.FloatUpdate u = AdamW.FloatUpdate.of(0.1, 0.9, 0.999, 1e-8, 0.5, 2, 0.25);
    AdamW.FloatUpdate plain = u.withoutDecay();
    assertEquals(0.95f, u.decay());
    assertEquals(1f, plain.decay());
    assertEquals(u.stepSize(), plain.stepSize());
    assertEquals(u.bias2Sqrt(), plain.bias2Sqrt());
    assertEquals(0.25f, plain.clip());
    // η/(1 − β₁²) and √(1 − β₂²) for t = 2
    assertEquals((float) (0.1 / (1 - 0.81)), u.stepSize());
    assertEquals((float) Math.sqrt(1 - 0.999 * 0.999), u.bias2Sqrt());
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AdamW.FloatUpdate.of(0.1, 0.9, 0.999, 1e-8, 0, 0, 1));
    assertTrue(e.getMessage().contains("step") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AdamW.FloatUpdate.of(0.1, 1.0, 0.999, 1e-8, 0, 1, 1));
    assertTrue(e.getMessage().contains("beta1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AdamW.FloatUpdate.of(0.1, 0.9, 0.999, 1e-8, 0, 1, 0));
    assertTrue(e.getMessage().contains("clip"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AdamW.FloatUpdate.of(-1, 0.9, 0.999, 1e-8, 0, 1, 1));
    assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
    AdamW.FloatUpdate u = AdamW.FloatUpdate.of(0.1, 0.9, 0.999, 1e-8, 0, 1, 1);
    assertThrows(IndexOutOfBoundsException.class,
        () -> u.apply(new float[3], new float[2], new float[3], new float[3], 0, 3));
  }
}
