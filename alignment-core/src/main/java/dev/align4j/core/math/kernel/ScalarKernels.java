package dev.align4j.core.math.kernel;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import java.util.Arrays;
import java.util.Locale;

/**
 * The portable scalar kernels: plain loops in plain Java 17, ordered for sequential memory access (the i-p-j order of
 * a matrix product, whose inner AXPY loop the JIT may auto-vectorise). The reference that the Vector API kernels are
 * tested against.
 */
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
  public void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] = (float) Math.tanh(x[xOff + i]);
    }
  }

  @Override
  public float expShiftSum(float[] x, int off, int n, float shift) {
    float s = 0;
    for (int i = 0; i < n; i++) {
      float e = (float) Math.exp(x[off + i] - shift);
      x[off + i] = e;
      s += e;
    }
    return s;
  }

  @Override
  public void exp(double[] x, double[] out, int n) {
    ElementwiseChecks.lengths(n, x, out);
    for (int i = 0; i < n; i++) {
      out[i] = Math.exp(x[i]);
    }
  }

  @Override
  public void log1mexp(double[] x, double[] out, int n) {
    ElementwiseChecks.lengths(n, x, out);
    for (int i = 0; i < n; i++) {
      out[i] = log1mexpOrNaN(x[i]);
    }
  }

  @Override
  public void expm1(double[] x, double[] out, int n) {
    ElementwiseChecks.lengths(n, x, out);
    for (int i = 0; i < n; i++) {
      out[i] = Math.expm1(x[i]);
    }
  }

  @Override
  public void log1p(double[] x, double[] out, int n) {
    ElementwiseChecks.lengths(n, x, out);
    for (int i = 0; i < n; i++) {
      out[i] = Math.log1p(x[i]);
    }
  }

  @Override
  public void logistic(double[] x, double[] softplusNeg, double[] softplusPos, double[] sigmoidPos,
      double[] sigmoidNeg, int n) {
    ElementwiseChecks.lengths(n, x, softplusNeg, softplusPos, sigmoidPos, sigmoidNeg);
    logisticRange(x, softplusNeg, softplusPos, sigmoidPos, sigmoidNeg, 0, n);
  }

  /** The reference logistic quantities for i in [from, to) (also the Vector API path's tail). */
  static void logisticRange(double[] x, double[] softplusNeg, double[] softplusPos, double[] sigmoidPos,
      double[] sigmoidNeg, int from, int to) {
    for (int i = from; i < to; i++) {
      double v = x[i];
      double e = Math.exp(-Math.abs(v));
      double lp = StableMath.log1pUnitInterval(e);
      double inv = 1.0 / (1.0 + e);
      double small = e * inv;
      softplusNeg[i] = Math.max(-v, 0.0) + lp;
      softplusPos[i] = Math.max(v, 0.0) + lp;
      sigmoidPos[i] = v >= 0 ? inv : small;
      sigmoidNeg[i] = v >= 0 ? small : inv;
    }
  }


  @Override
  public void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
    gemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, accumulate);
  }

  @Override
  public void matmulTransposedB(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
    gemm(false, true, m, n, k, a, 0, k, b, 0, k, c, 0, n, accumulate);
  }

  @Override
  public void matmulTransposedA(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
    gemm(true, false, m, n, k, a, 0, m, b, 0, n, c, 0, n, accumulate);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    if (!accumulate) {
      for (int i = 0; i < m; i++) {
        Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
      }
    }
    int aRs = transA ? 1 : lda;
    int aCs = transA ? lda : 1;
    if (!transB) {
      // i-p-j: the inner loop is an AXPY over a row of B and a row of C.
      for (int i = 0; i < m; i++) {
        int cRow = cOff + i * ldc;
        for (int p = 0; p < k; p++) {
          float av = a[aOff + i * aRs + p * aCs];
          if (av != 0f) {
            int bRow = bOff + p * ldb;
            for (int j = 0; j < n; j++) {
              c[cRow + j] += av * b[bRow + j];
            }
          }
        }
      }
    } else if (!transA) {
      // C[i,j] = dot(row i of A, row j of the stored B).
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          c[cOff + i * ldc + j] += dot(a, aOff + i * lda, b, bOff + j * ldb, k);
        }
      }
    } else {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float s = 0;
          for (int p = 0; p < k; p++) {
            s += a[aOff + p * lda + i] * b[bOff + j * ldb + p];
          }
          c[cOff + i * ldc + j] += s;
        }
      }
    }
  }

  /**
   * Validates the dimensions, leading dimensions and array extents of a {@link #gemm} call. The checks are plain
   * comparisons; a message is formatted only on failure, so that the hot path allocates nothing.
   */
  static void checkGemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    if ((m | n | k | aOff | bOff | cOff) < 0) {
      Require.nonNegative("m", m);
      Require.nonNegative("n", n);
      Require.nonNegative("k", k);
      Require.nonNegative("aOff", aOff);
      Require.nonNegative("bOff", bOff);
      Require.nonNegative("cOff", cOff);
    }
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    if (lda < Math.max(1, aCols)) {
      fail("lda must be >= %s (columns of the stored A), was %s", aCols, lda);
    }
    if (ldb < Math.max(1, bCols)) {
      fail("ldb must be >= %s (columns of the stored B), was %s", bCols, ldb);
    }
    if (ldc < Math.max(1, n)) {
      fail("ldc must be >= n = %s, was %s", n, ldc);
    }
    requireExtent("a", a.length, aOff, aRows, aCols, lda);
    requireExtent("b", b.length, bOff, bRows, bCols, ldb);
    requireExtent("c", c.length, cOff, m, n, ldc);
  }

  private static void requireExtent(String name, int length, int off, int rows, int cols, int ld) {
    if (rows == 0 || cols == 0) {
      return;
    }
    long last = (long) off + (long) (rows - 1) * ld + cols;
    if (last > length) {
      fail("%s.length must be >= %s for a %sx%s matrix at offset %s with leading dimension %s, was %s",
          name, last, rows, cols, off, ld, length);
    }
  }

  private static void fail(String format, Object... args) {
    throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
  }

  /** {@link StableMath#log1mexp}, with NaN instead of an exception for x &gt; 0 or NaN (for the bulk kernels). */
  static double log1mexpOrNaN(double x) {
    return x <= 0 ? StableMath.log1mexp(x) : Double.NaN;
  }
}
