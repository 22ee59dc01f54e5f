package dev.align4j.core.math;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.jspecify.annotations.Nullable;

/**
 * Kernels on the JDK Vector API. Loaded only by reflection from {@link KernelHolder} when the incubator module is
 * present, so that the library links without it.
 */
final class VectorApiKernels implements Kernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  private VectorApiKernels() {}

  /** Returns the kernels, or null when the preferred vector shape is too narrow to pay off. */
  static @Nullable Kernels create() {
    if (F.vectorBitSize() < 128) {
      return null;
    }
    return new VectorApiKernels();
  }

  @Override
  public String name() {
    return "vector-api(" + F.vectorBitSize() + "-bit)";
  }

  @Override
  public boolean isVectorized() {
    return true;
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    int lanes = F.length();
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    int i = 0;
    int bound2 = n - 2 * lanes + 1;
    for (; i < bound2; i += 2 * lanes) {
      acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
      acc1 = FloatVector.fromArray(F, a, aOff + i + lanes).fma(FloatVector.fromArray(F, b, bOff + i + lanes), acc1);
    }
    int bound = F.loopBound(n);
    for (; i < bound; i += lanes) {
      acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
    }
    float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  @Override
  public double dot(double[] a, double[] b, int n) {
    return ScalarKernels.INSTANCE.dot(a, b, n);
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    int lanes = F.length();
    int bound = F.loopBound(n);
    FloatVector va = FloatVector.broadcast(F, alpha);
    int i = 0;
    for (; i < bound; i += lanes) {
      FloatVector vx = FloatVector.fromArray(F, x, xOff + i);
      FloatVector vy = FloatVector.fromArray(F, y, yOff + i);
      vx.fma(va, vy).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
    if (!accumulate) {
      Arrays.fill(c, 0, m * n, 0f);
    }
    for (int i = 0; i < m; i++) {
      int cRow = i * n;
      for (int p = 0; p < k; p++) {
        float av = a[i * k + p];
        if (av != 0f) {
          axpy(av, b, p * n, c, cRow, n);
        }
      }
    }
  }

  @Override
  public void matmulTransposedB(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float d = dot(a, i * k, b, j * k, k);
        c[i * n + j] = accumulate ? c[i * n + j] + d : d;
      }
    }
  }

  @Override
  public void matmulTransposedA(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
    if (!accumulate) {
      Arrays.fill(c, 0, m * n, 0f);
    }
    for (int p = 0; p < k; p++) {
      for (int i = 0; i < m; i++) {
        float av = a[p * m + i];
        if (av != 0f) {
          axpy(av, b, p * n, c, i * n, n);
        }
      }
    }
  }
}
