package dev.align4j.core.math.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.jspecify.annotations.Nullable;

/**
 * Kernels on the JDK Vector API. Loaded only by reflection, through {@link VectorApiLoader}, when the incubator
 * module is present, so that the library links without it.
 *
 * <p>The matrix product is register-blocked in the manner of the GotoBLAS/BLIS micro-kernel: a block of 4 rows of C by
 * 4 vectors of columns (2 on machines whose preferred vectors are narrower than 512 bits, which have only 16 vector
 * registers) is held in registers while the shared dimension is streamed; each step loads the vectors of one row of B
 * once and broadcasts one element of A per row, so every load feeds 4 fused multiply-adds. Edges fall back to 4×1
 * vector blocks and scalar columns. A transposed B is first packed into a per-thread scratch buffer (k·n floats,
 * allocated once per thread and grown when needed), so that every product runs on the same micro-kernel.
 */
final class VectorApiKernels implements Kernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();
  /** Whether the wide (4 rows × 4 vectors = 16 accumulators) block fits the register file. */
  private static final boolean WIDE = F.vectorBitSize() >= 512;
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

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
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    int i = 0;
    int bound2 = n - 2 * L + 1;
    for (; i < bound2; i += 2 * L) {
      acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
      acc1 = FloatVector.fromArray(F, a, aOff + i + L).fma(FloatVector.fromArray(F, b, bOff + i + L), acc1);
    }
    int bound = F.loopBound(n);
    for (; i < bound; i += L) {
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
    int bound = F.loopBound(n);
    FloatVector va = FloatVector.broadcast(F, alpha);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector vx = FloatVector.fromArray(F, x, xOff + i);
      FloatVector vy = FloatVector.fromArray(F, y, yOff + i);
      vx.fma(va, vy).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void exp(double[] x, double[] out, int n) {
    ElementwiseChecks.lengths(n, x, out);
    VectorApiDoubleMath.exp(x, out, n);
  }

  @Override
  public void log1mexp(double[] x, double[] out, int n) {
    ElementwiseChecks.lengths(n, x, out);
    VectorApiDoubleMath.log1mexp(x, out, n);
  }

  @Override
  public void expm1(double[] x, double[] out, int n) {
    ElementwiseChecks.lengths(n, x, out);
    VectorApiDoubleMath.expm1(x, out, n);
  }

  @Override
  public void log1p(double[] x, double[] out, int n) {
    ElementwiseChecks.lengths(n, x, out);
    VectorApiDoubleMath.log1p(x, out, n);
  }

  @Override
  public void logistic(double[] x, double[] softplusNeg, double[] softplusPos, double[] sigmoidPos,
      double[] sigmoidNeg, int n) {
    ElementwiseChecks.lengths(n, x, softplusNeg, softplusPos, sigmoidPos, sigmoidNeg);
    VectorApiDoubleMath.logistic(x, softplusNeg, softplusPos, sigmoidPos, sigmoidNeg, n);
  }

  @Override
  public void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
    int bound = F.loopBound(n);
    int i = 0;
    FloatVector one = FloatVector.broadcast(F, 1f);
    for (; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(F, x, xOff + i);
      // tanh|x| = (1 − e^{−2|x|}) / (1 + e^{−2|x|}), sign restored; e^{−2|x|} ∈ (0, 1] never overflows
      FloatVector t = exp(v.abs().mul(-2f));
      FloatVector r = one.sub(t).div(one.add(t));
      r.lanewise(VectorOperators.NEG, v.lt(0f)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] = (float) Math.tanh(x[xOff + i]);
    }
  }

  @Override
  public float expShiftSum(float[] x, int off, int n, float shift) {
    int bound = F.loopBound(n);
    FloatVector vs = FloatVector.broadcast(F, shift);
    FloatVector acc = FloatVector.zero(F);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector e = exp(FloatVector.fromArray(F, x, off + i).sub(vs));
      e.intoArray(x, off + i);
      acc = acc.add(e);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      float e = (float) Math.exp(x[off + i] - shift);
      x[off + i] = e;
      s += e;
    }
    return s;
  }

  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float ROUNDER = 12582912f; // 1.5·2^23: adding it rounds to an integer held in the low bits

  /**
   * e^x for float lanes, from additions, multiplications and fused multiply-adds only (Cephes {@code expf}: x = n·ln 2
   * + r, a degree-6 polynomial for e^r, 2^n from the exponent bits), so that the result is bit-identical whether the
   * JIT has compiled this code or not. Relative error below 2e-7; inputs are clamped to [−87.3, 88.7], so e^x stays a
   * normal float (underflow gives about 1e-38 instead of 0).
   */
  private static FloatVector exp(FloatVector x) {
    FloatVector c = x.max(-87.3f).min(88.7f);
    FloatVector shifted = c.fma(FloatVector.broadcast(F, LOG2E), FloatVector.broadcast(F, ROUNDER));
    FloatVector nf = shifted.sub(ROUNDER);
    FloatVector r = nf.fma(FloatVector.broadcast(F, -LN2_HI), c);
    r = nf.fma(FloatVector.broadcast(F, -LN2_LO), r);
    FloatVector p = FloatVector.broadcast(F, 1.9875691500e-4f);
    p = p.fma(r, FloatVector.broadcast(F, 1.3981999507e-3f));
    p = p.fma(r, FloatVector.broadcast(F, 8.3334519073e-3f));
    p = p.fma(r, FloatVector.broadcast(F, 4.1665795894e-2f));
    p = p.fma(r, FloatVector.broadcast(F, 1.6666665459e-1f));
    p = p.fma(r, FloatVector.broadcast(F, 5.0000001201e-1f));
    FloatVector y = p.mul(r).fma(r, r).add(1f);
    // 2^n: the low bits of 'shifted' hold n + 0x4B400000's integer part
    IntVector bits = shifted.reinterpretAsInts().sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23);
    return y.mul(bits.reinterpretAsFloats());
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
    ScalarKernels.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) {
          Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
      }
      return;
    }
    int aRs = transA ? 1 : lda;
    int aCs = transA ? lda : 1;
    if (transB) {
      float[] packed = scratch(k * n);
      for (int j = 0; j < n; j++) {
        int src = bOff + j * ldb;
        for (int p = 0; p < k; p++) {
          packed[p * n + j] = b[src + p];
        }
      }
      kernel(a, aOff, aRs, aCs, packed, 0, n, c, cOff, ldc, m, n, k, accumulate);
    } else {
      kernel(a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc, m, n, k, accumulate);
    }
  }

  private static float[] scratch(int size) {
    float[][] holder = SCRATCH.get();
    if (holder[0].length < size) {
      holder[0] = new float[Math.max(size, holder[0].length * 2)];
    }
    return holder[0];
  }

  /** C[m×n] (+)= A·B with A[i,p] = a[aOff + i·aRs + p·aCs] and B row-major with leading dimension ldb. */
  private static void kernel(float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, int m, int n, int k, boolean acc) {
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      int a0 = aOff + i * aRs;
      int c0 = cOff + i * ldc;
      rowBlock(a, a0, a0 + aRs, a0 + 2 * aRs, a0 + 3 * aRs, aCs, b, bOff, ldb,
          c, c0, c0 + ldc, c0 + 2 * ldc, c0 + 3 * ldc, n, k, acc, 4);
    }
    if (i < m && m >= 4) {
      // The last 1–3 rows of a taller matrix run through the same 4-row block with the last row repeated: a repeated
      // row reads the same A and C and stores identical values to the same place, so the result is exact.
      int rem = m - i;
      int a0 = aOff + i * aRs;
      int c0 = cOff + i * ldc;
      int r1 = Math.min(1, rem - 1);
      int r2 = Math.min(2, rem - 1);
      rowBlock(a, a0, a0 + r1 * aRs, a0 + r2 * aRs, a0 + (rem - 1) * aRs, aCs, b, bOff, ldb,
          c, c0, c0 + r1 * ldc, c0 + r2 * ldc, c0 + (rem - 1) * ldc, n, k, acc, rem);
      i = m;
    }
    for (; i < m; i++) {
      int a0 = aOff + i * aRs;
      int c0 = cOff + i * ldc;
      int j = 0;
      for (; j + 2 * L <= n; j += 2 * L) {
        block1x2(a, a0, aCs, b, bOff + j, ldb, c, c0 + j, k, acc);
      }
      for (; j + L <= n; j += L) {
        block1x1(a, a0, aCs, b, bOff + j, ldb, c, c0 + j, k, acc);
      }
      for (; j < n; j++) {
        scalarCell(a, a0, aCs, b, bOff + j, ldb, c, c0 + j, k, acc);
      }
    }
  }

  /** One band of 4 rows (the last {@code 4 − distinct} of them repeats) across all n columns. */
  private static void rowBlock(float[] a, int a0, int a1, int a2, int a3, int aCs, float[] b, int bOff, int ldb,
      float[] c, int c0, int c1, int c2, int c3, int n, int k, boolean acc, int distinct) {
    int j = 0;
    if (WIDE) {
      for (; j + 4 * L <= n; j += 4 * L) {
        block4x4(a, a0, a1, a2, a3, aCs, b, bOff + j, ldb, c, c0 + j, c1 + j, c2 + j, c3 + j, k, acc);
      }
    }
    for (; j + 2 * L <= n; j += 2 * L) {
      block4x2(a, a0, a1, a2, a3, aCs, b, bOff + j, ldb, c, c0 + j, c1 + j, c2 + j, c3 + j, k, acc);
    }
    for (; j + L <= n; j += L) {
      block4x1(a, a0, a1, a2, a3, aCs, b, bOff + j, ldb, c, c0 + j, c1 + j, c2 + j, c3 + j, k, acc);
    }
    for (; j < n; j++) {
      scalarCell(a, a0, aCs, b, bOff + j, ldb, c, c0 + j, k, acc);
      if (distinct > 1) {
        scalarCell(a, a1, aCs, b, bOff + j, ldb, c, c1 + j, k, acc);
      }
      if (distinct > 2) {
        scalarCell(a, a2, aCs, b, bOff + j, ldb, c, c2 + j, k, acc);
      }
      if (distinct > 3) {
        scalarCell(a, a3, aCs, b, bOff + j, ldb, c, c3 + j, k, acc);
      }
    }
  }

  private static FloatVector load(float[] c, int off, boolean acc) {
    return acc ? FloatVector.fromArray(F, c, off) : FloatVector.zero(F);
  }

  private static void block4x4(float[] a, int a0, int a1, int a2, int a3, int aCs, float[] b, int b0, int ldb,
      float[] c, int c0, int c1, int c2, int c3, int k, boolean acc) {
    FloatVector x00 = load(c, c0, acc);
    FloatVector x01 = load(c, c0 + L, acc);
    FloatVector x02 = load(c, c0 + 2 * L, acc);
    FloatVector x03 = load(c, c0 + 3 * L, acc);
    FloatVector x10 = load(c, c1, acc);
    FloatVector x11 = load(c, c1 + L, acc);
    FloatVector x12 = load(c, c1 + 2 * L, acc);
    FloatVector x13 = load(c, c1 + 3 * L, acc);
    FloatVector x20 = load(c, c2, acc);
    FloatVector x21 = load(c, c2 + L, acc);
    FloatVector x22 = load(c, c2 + 2 * L, acc);
    FloatVector x23 = load(c, c2 + 3 * L, acc);
    FloatVector x30 = load(c, c3, acc);
    FloatVector x31 = load(c, c3 + L, acc);
    FloatVector x32 = load(c, c3 + 2 * L, acc);
    FloatVector x33 = load(c, c3 + 3 * L, acc);
    for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += aCs, bp += ldb) {
      FloatVector b0v = FloatVector.fromArray(F, b, bp);
      FloatVector b1v = FloatVector.fromArray(F, b, bp + L);
      FloatVector b2v = FloatVector.fromArray(F, b, bp + 2 * L);
      FloatVector b3v = FloatVector.fromArray(F, b, bp + 3 * L);
      FloatVector s = FloatVector.broadcast(F, a[a0 + ap]);
      x00 = b0v.fma(s, x00);
      x01 = b1v.fma(s, x01);
      x02 = b2v.fma(s, x02);
      x03 = b3v.fma(s, x03);
      s = FloatVector.broadcast(F, a[a1 + ap]);
      x10 = b0v.fma(s, x10);
      x11 = b1v.fma(s, x11);
      x12 = b2v.fma(s, x12);
      x13 = b3v.fma(s, x13);
      s = FloatVector.broadcast(F, a[a2 + ap]);
      x20 = b0v.fma(s, x20);
      x21 = b1v.fma(s, x21);
      x22 = b2v.fma(s, x22);
      x23 = b3v.fma(s, x23);
      s = FloatVector.broadcast(F, a[a3 + ap]);
      x30 = b0v.fma(s, x30);
      x31 = b1v.fma(s, x31);
      x32 = b2v.fma(s, x32);
      x33 = b3v.fma(s, x33);
    }
    x00.intoArray(c, c0);
    x01.intoArray(c, c0 + L);
    x02.intoArray(c, c0 + 2 * L);
    x03.intoArray(c, c0 + 3 * L);
    x10.intoArray(c, c1);
    x11.intoArray(c, c1 + L);
    x12.intoArray(c, c1 + 2 * L);
    x13.intoArray(c, c1 + 3 * L);
    x20.intoArray(c, c2);
    x21.intoArray(c, c2 + L);
    x22.intoArray(c, c2 + 2 * L);
    x23.intoArray(c, c2 + 3 * L);
    x30.intoArray(c, c3);
    x31.intoArray(c, c3 + L);
    x32.intoArray(c, c3 + 2 * L);
    x33.intoArray(c, c3 + 3 * L);
  }

  private static void block4x2(float[] a, int a0, int a1, int a2, int a3, int aCs, float[] b, int b0, int ldb,
      float[] c, int c0, int c1, int c2, int c3, int k, boolean acc) {
    FloatVector x00 = load(c, c0, acc);
    FloatVector x01 = load(c, c0 + L, acc);
    FloatVector x10 = load(c, c1, acc);
    FloatVector x11 = load(c, c1 + L, acc);
    FloatVector x20 = load(c, c2, acc);
    FloatVector x21 = load(c, c2 + L, acc);
    FloatVector x30 = load(c, c3, acc);
    FloatVector x31 = load(c, c3 + L, acc);
    for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += aCs, bp += ldb) {
      FloatVector b0v = FloatVector.fromArray(F, b, bp);
      FloatVector b1v = FloatVector.fromArray(F, b, bp + L);
      FloatVector s = FloatVector.broadcast(F, a[a0 + ap]);
      x00 = b0v.fma(s, x00);
      x01 = b1v.fma(s, x01);
      s = FloatVector.broadcast(F, a[a1 + ap]);
      x10 = b0v.fma(s, x10);
      x11 = b1v.fma(s, x11);
      s = FloatVector.broadcast(F, a[a2 + ap]);
      x20 = b0v.fma(s, x20);
      x21 = b1v.fma(s, x21);
      s = FloatVector.broadcast(F, a[a3 + ap]);
      x30 = b0v.fma(s, x30);
      x31 = b1v.fma(s, x31);
    }
    x00.intoArray(c, c0);
    x01.intoArray(c, c0 + L);
    x10.intoArray(c, c1);
    x11.intoArray(c, c1 + L);
    x20.intoArray(c, c2);
    x21.intoArray(c, c2 + L);
    x30.intoArray(c, c3);
    x31.intoArray(c, c3 + L);
  }

  private static void block4x1(float[] a, int a0, int a1, int a2, int a3, int aCs, float[] b, int b0, int ldb,
      float[] c, int c0, int c1, int c2, int c3, int k, boolean acc) {
    FloatVector x0 = load(c, c0, acc);
    FloatVector x1 = load(c, c1, acc);
    FloatVector x2 = load(c, c2, acc);
    FloatVector x3 = load(c, c3, acc);
    for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += aCs, bp += ldb) {
      FloatVector bv = FloatVector.fromArray(F, b, bp);
      x0 = bv.fma(FloatVector.broadcast(F, a[a0 + ap]), x0);
      x1 = bv.fma(FloatVector.broadcast(F, a[a1 + ap]), x1);
      x2 = bv.fma(FloatVector.broadcast(F, a[a2 + ap]), x2);
      x3 = bv.fma(FloatVector.broadcast(F, a[a3 + ap]), x3);
    }
    x0.intoArray(c, c0);
    x1.intoArray(c, c1);
    x2.intoArray(c, c2);
    x3.intoArray(c, c3);
  }

  private static void block1x2(float[] a, int a0, int aCs, float[] b, int b0, int ldb,
      float[] c, int c0, int k, boolean acc) {
    FloatVector x0 = load(c, c0, acc);
    FloatVector x1 = load(c, c0 + L, acc);
    for (int p = 0, ap = a0, bp = b0; p < k; p++, ap += aCs, bp += ldb) {
      FloatVector s = FloatVector.broadcast(F, a[ap]);
      x0 = FloatVector.fromArray(F, b, bp).fma(s, x0);
      x1 = FloatVector.fromArray(F, b, bp + L).fma(s, x1);
    }
    x0.intoArray(c, c0);
    x1.intoArray(c, c0 + L);
  }

  private static void block1x1(float[] a, int a0, int aCs, float[] b, int b0, int ldb,
      float[] c, int c0, int k, boolean acc) {
    FloatVector x0 = load(c, c0, acc);
    for (int p = 0, ap = a0, bp = b0; p < k; p++, ap += aCs, bp += ldb) {
      x0 = FloatVector.fromArray(F, b, bp).fma(FloatVector.broadcast(F, a[ap]), x0);
    }
    x0.intoArray(c, c0);
  }

  private static void scalarCell(float[] a, int a0, int aCs, float[] b, int b0, int ldb,
      float[] c, int cIdx, int k, boolean acc) {
    float s = 0;
    for (int p = 0, ap = a0, bp = b0; p < k; p++, ap += aCs, bp += ldb) {
      s += a[ap] * b[bp];
    }
    c[cIdx] = acc ? c[cIdx] + s : s;
  }
}
