package dev.align4j.core.math.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.SplittableRandom;

/** Dot products and AXPY of both kernel paths against double-precision loops, with offsets and ragged lengths. */
class KernelsVectorOpsTest {

  @Property(trials = 100)
  void dotMatchesDoubleLoop(Gen gen) {
    SplittableRandom r = gen.random();
    int n = gen.intIn(0, 300);
    int aOff = r.nextInt(7);
    int bOff = r.nextInt(7);
    float[] a = new float[aOff + n];
    float[] b = new float[bOff + n];
    double expected = 0;
    for (int i = 0; i < n; i++) {
      a[aOff + i] = (float) r.nextGaussian();
      b[bOff + i] = (float) r.nextGaussian();
      expected += (double) a[aOff + i] * b[bOff + i];
    }
    for (Kernels k : KernelsGemmTest.implementations()) {
      assertEquals(expected, k.dot(a, aOff, b, bOff, n), 1e-5 * (n + 1), k.name());
    }
  }

  @Property(trials = 100)
  void axpyMatchesDoubleLoop(Gen gen) {
    SplittableRandom r = gen.random();
    int n = gen.intIn(0, 300);
    int xOff = r.nextInt(7);
    int yOff = r.nextInt(7);
    float alpha = (float) r.nextGaussian();
    float[] x = new float[xOff + n];
    float[] y0 = new float[yOff + n + 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < y0.length; i++) {
      y0[i] = (float) r.nextGaussian();
    }
    for (Kernels k : KernelsGemmTest.implementations()) {
      float[] y = y0.clone();
      k.axpy(alpha, x, xOff, y, yOff, n);
      for (int i = 0; i < y.length; i++) {
        boolean inside = i >= yOff && i < yOff + n;
        double expected = inside ? y0[i] + (double) alpha * x[xOff + i - yOff] : y0[i];
        assertEquals(expected, y[i], 1e-5 * (1 + Math.abs(expected)), k.name());
      }
    }
  }

  @Property(trials = 60)
  void tanhMatchesMathTanhIncludingSaturation(Gen gen) {
    SplittableRandom r = gen.random();
    int n = gen.intIn(0, 200);
    float[] x = new float[n + 3];
    for (int i = 0; i < x.length; i++) {
      double scale = gen.isEdgeBiased() ? 60 : 6;
      x[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
    }
    for (Kernels k : KernelsGemmTest.implementations()) {
      float[] y = new float[n + 5];
      k.tanh(x, 3, y, 2, n);
      for (int i = 0; i < n; i++) {
        double expected = Math.tanh(x[3 + i]);
        assertEquals(expected, y[2 + i], 4e-7 + 4e-7 * Math.abs(expected), k.name() + " x=" + x[3 + i]);
      }
      // in place
      float[] z = x.clone();
      k.tanh(z, 0, z, 0, z.length);
      for (int i = 0; i < z.length; i++) {
        assertEquals(Math.tanh(x[i]), z[i], 1e-6, k.name());
      }
    }
  }

  @Property(trials = 60)
  void expShiftSumMatchesMathExpAndItsSum(Gen gen) {
    SplittableRandom r = gen.random();
    int n = gen.intIn(0, 200);
    float[] x0 = new float[n + 2];
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < x0.length; i++) {
      x0[i] = (float) (r.nextGaussian() * 10);
    }
    for (int i = 1; i < n + 1; i++) {
      max = Math.max(max, x0[i]);
    }
    float shift = n == 0 ? 0f : max;
    for (Kernels k : KernelsGemmTest.implementations()) {
      float[] x = x0.clone();
      float s = k.expShiftSum(x, 1, n, shift);
      double expectedSum = 0;
      for (int i = 0; i < n; i++) {
        double e = Math.exp((float) (x0[1 + i] - shift));
        expectedSum += e;
        assertEquals(e, x[1 + i], 1e-6 * e + 1e-30, k.name());
        assertTrue(x[1 + i] <= 1f, "shifted by the maximum, every value is <= 1");
      }
      assertEquals(expectedSum, s, 1e-5 * expectedSum, k.name());
      assertEquals(x0[0], x[0], 0f, "element before the range untouched");
      assertEquals(x0[n + 1], x[n + 1], 0f, "element after the range untouched");
    }
  }
}
