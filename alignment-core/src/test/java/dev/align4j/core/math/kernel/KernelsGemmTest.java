package dev.align4j.core.math.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The matrix products of both kernel paths against a double-precision triple loop, on random shapes with ragged edges
 * (sizes that are not multiples of the block or the vector length), offsets, leading dimensions larger than the
 * matrix, all four transposition cases, and accumulate on and off.
 */
class KernelsGemmTest {

  /** Both implementations; the vector one only when the Vector API links on this JVM. */
  static List<Kernels> implementations() {
    List<Kernels> list = new ArrayList<>();
    list.add(Kernels.scalar());
    Kernels v = vectorOrNull();
    if (v != null) {
      list.add(v);
    }
    return list;
  }

  static Kernels vectorOrNull() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    return VectorApiKernels.create();
  }

  @Test
  void vectorPathIsAvailableInTheTestRun() {
    // the build runs tests with --add-modules jdk.incubator.vector: the SIMD path must really be exercised
    Kernels v = vectorOrNull();
    assertNotNull(v, "Vector API kernels did not link");
    assertTrue(v.isVectorized());
    assertTrue(v.name().startsWith("vector-api("), v.name());
    assertEquals(!Boolean.getBoolean(Kernels.FORCE_SCALAR_PROPERTY), Kernels.vectorApiUsable());
  }

  private static float[] randomArray(SplittableRandom r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }

  /** Reference C (+)= op(A)·op(B) in double. */
  static double[] reference(boolean tA, boolean tB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] c0, int cOff, int ldc, boolean acc) {
    double[] out = new double[c0.length];
    for (int i = 0; i < c0.length; i++) {
      out[i] = c0[i];
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double av = tA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          double bv = tB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
          s += av * bv;
        }
        int idx = cOff + i * ldc + j;
        out[idx] = acc ? out[idx] + s : s;
      }
    }
    return out;
  }

  @Property(trials = 120)
  void gemmMatchesReferenceOnRaggedStridedShapes(Gen gen) {
    SplittableRandom r = gen.random();
    int m = gen.intIn(0, 37);
    int n = gen.intIn(0, 83);
    int k = gen.intIn(0, 45);
    boolean tA = r.nextBoolean();
    boolean tB = r.nextBoolean();
    boolean acc = r.nextBoolean();
    int aRows = tA ? k : m;
    int aCols = tA ? m : k;
    int bRows = tB ? n : k;
    int bCols = tB ? k : n;
    int lda = Math.max(1, aCols) + r.nextInt(3);
    int ldb = Math.max(1, bCols) + r.nextInt(3);
    int ldc = Math.max(1, n) + r.nextInt(3);
    int aOff = r.nextInt(5);
    int bOff = r.nextInt(5);
    int cOff = r.nextInt(5);
    float[] a = randomArray(r, aOff + aRows * lda + 2);
    float[] b = randomArray(r, bOff + bRows * ldb + 2);
    float[] c0 = randomArray(r, cOff + m * ldc + 2);
    double[] expected = reference(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c0, cOff, ldc, acc);
    for (Kernels kernels : implementations()) {
      float[] c = c0.clone();
      kernels.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc);
      double tol = 1e-5 * (k + 1) + 1e-6;
      for (int i = 0; i < c.length; i++) {
        assertEquals(expected[i], c[i], tol + 1e-6 * Math.abs(expected[i]),
            () -> kernels.name() + " tA=" + tA + " tB=" + tB + " m,n,k=" + m + "," + n + "," + k + " acc=" + acc);
      }
    }
  }

  @Property(trials = 40)
  void bothPathsAgreeOnLargerBlockedShapes(Gen gen) {
    Kernels v = vectorOrNull();
    assertNotNull(v);
    SplittableRandom r = gen.random();
    // sizes around and above the 4-row × 4-vector block, with ragged remainders
    int m = 60 + r.nextInt(12);
    int n = 120 + r.nextInt(80);
    int k = 30 + r.nextInt(140);
    float[] a = randomArray(r, m * k);
    float[] b = randomArray(r, k * n);
    float[] bt = new float[n * k];
    for (int p = 0; p < k; p++) {
      for (int j = 0; j < n; j++) {
        bt[j * k + p] = b[p * n + j];
      }
    }
    float[] at = new float[k * m];
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        at[p * m + i] = a[i * k + p];
      }
    }
    float[] expected = new float[m * n];
    Kernels.scalar().matmul(a, b, expected, m, k, n, false);
    float[] c1 = new float[m * n];
    float[] c2 = new float[m * n];
    float[] c3 = new float[m * n];
    v.matmul(a, b, c1, m, k, n, false);
    v.matmulTransposedB(a, bt, c2, m, k, n, false);
    v.matmulTransposedA(at, b, c3, m, k, n, false);
    for (int i = 0; i < expected.length; i++) {
      double tol = 2e-5 * Math.sqrt(k) * (1 + Math.abs(expected[i]));
      assertEquals(expected[i], c1[i], tol, "matmul");
      assertEquals(expected[i], c2[i], tol, "matmulTransposedB");
      assertEquals(expected[i], c3[i], tol, "matmulTransposedA");
    }
  }

  @Property(trials = 60)
  void accumulateAddsToTheExistingProduct(Gen gen) {
    SplittableRandom r = gen.random();
    int m = gen.intIn(1, 19);
    int n = gen.intIn(1, 70);
    int k = gen.intIn(1, 33);
    float[] a = randomArray(r, m * k);
    float[] b = randomArray(r, k * n);
    for (Kernels kernels : implementations()) {
      float[] once = new float[m * n];
      kernels.matmul(a, b, once, m, k, n, false);
      float[] twice = once.clone();
      kernels.matmul(a, b, twice, m, k, n, true);
      for (int i = 0; i < once.length; i++) {
        assertEquals(2 * once[i], twice[i], 1e-5 * (1 + Math.abs(once[i])), kernels.name());
      }
    }
  }

  @Test
  void overwriteIgnoresGarbageInC() {
    SplittableRandom r = new SplittableRandom(3);
    int m = 9;
    int n = 77;
    int k = 13;
    float[] a = randomArray(r, m * k);
    float[] b = randomArray(r, k * n);
    for (Kernels kernels : implementations()) {
      float[] clean = new float[m * n];
      kernels.matmul(a, b, clean, m, k, n, false);
      float[] dirty = new float[m * n];
      java.util.Arrays.fill(dirty, Float.NaN);
      kernels.matmul(a, b, dirty, m, k, n, false);
      for (int i = 0; i < clean.length; i++) {
        assertEquals(clean[i], dirty[i], 0f, kernels.name());
      }
    }
  }

  @Test
  void onlyTheAddressedSubMatrixOfCChanges() {
    SplittableRandom r = new SplittableRandom(5);
    int m = 6;
    int n = 35;
    int k = 10;
    int ldc = n + 7;
    float[] a = randomArray(r, m * k);
    float[] b = randomArray(r, k * n);
    for (Kernels kernels : implementations()) {
      float[] c = new float[3 + m * ldc + 5];
      java.util.Arrays.fill(c, 42f);
      kernels.gemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 3, ldc, false);
      for (int idx = 0; idx < c.length; idx++) {
        int rel = idx - 3;
        boolean inside = rel >= 0 && rel < m * ldc && rel % ldc < n;
        if (!inside) {
          assertEquals(42f, c[idx], 0f, kernels.name() + " wrote outside the sub-matrix at " + idx);
        }
      }
    }
  }

  @Test
  void badArgumentsAreRejectedWithNamedMessages() {
    for (Kernels kernels : implementations()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> kernels.gemm(false, false, 2, 3, 4, new float[7], 0, 4, new float[12], 0, 3, new float[6], 0, 3, false));
      assertTrue(e.getMessage().contains("a.length"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> kernels.gemm(false, false, 2, 3, 4, new float[8], 0, 3, new float[12], 0, 3, new float[6], 0, 3, false));
      assertTrue(e.getMessage().startsWith("lda must be >= 4"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> kernels.gemm(false, true, -1, 3, 4, new float[8], 0, 4, new float[12], 0, 4, new float[6], 0, 3, false));
      assertTrue(e.getMessage().startsWith("m must be"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> kernels.gemm(false, false, 2, 3, 4, new float[8], 0, 4, new float[12], 0, 3, new float[5], 0, 3, false));
      assertTrue(e.getMessage().contains("c.length must be >= 6"), e.getMessage());
    }
  }
}
