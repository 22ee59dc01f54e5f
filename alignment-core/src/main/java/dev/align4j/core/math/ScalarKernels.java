package dev.align4j.core.math;

import java.util.Arrays;

/** The portable scalar kernels: plain loops, ordered for sequential memory access. The reference for tests. */
final class ScalarKernels implements Kernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public boolean isVectorized() {
    return false;
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[aOff + i] * b[bOff + i];
      s1 += a[aOff + i + 1] * b[bOff + i + 1];
      s2 += a[aOff + i + 2] * b[bOff + i + 2];
      s3 += a[aOff + i + 3] * b[bOff + i + 3];
    }
    for (; i < n; i++) {
      s0 += a[aOff + i] * b[bOff + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public double dot(double[] a, double[] b, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
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
