package dev.align4j.core.math.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.HighPrecision;
import dev.align4j.core.math.StableMath;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The double-precision elementwise kernels ({@code exp}, {@code logistic}) of both paths against a 50-digit reference,
 * over the whole finite range: tails, subnormal results, overflow, the branch point of the vector log1p, ragged
 * lengths and vector tails.
 */
class KernelsElementwiseTest {
  /** A few ulps: the vector polynomials are within 4 ulps, {@link Math#exp} within 1. */
  private static final double REL = 1e-15;

  private static double exactExp(double x) {
    return HighPrecision.exp(new BigDecimal(x)).doubleValue();
  }

  /** log(1 + e^{x}) to 50 digits. */
  private static double exactSoftplus(double x) {
    if (x > 40) {
      return x + exactExp(-x); // log(1 + e^x) = x + log1p(e^{−x}), and log1p(u) = u to double precision here
    }
    return HighPrecision.log1p(HighPrecision.exp(new BigDecimal(x))).doubleValue();
  }

  /** log(1 − e^x) to 50 digits, from the exact binary value of x. */
  private static double exactLog1mexp(double x) {
    if (x > -1e-15) { // 1 − e^x = −x(1 + x/2 + ...): log(−x) + x/2, the rest below 1e-31
      BigDecimal ax = new BigDecimal(-x);
      return HighPrecision.log(ax).add(new BigDecimal(x / 2), HighPrecision.MC).doubleValue();
    }
    return HighPrecision.log1p(HighPrecision.exp(new BigDecimal(x)).negate()).doubleValue();
  }

  private static double exactSigmoid(double x) {
    BigDecimal e = HighPrecision.exp(new BigDecimal(-x));
    return BigDecimal.ONE.divide(BigDecimal.ONE.add(e), HighPrecision.MC).doubleValue();
  }

  private static void assertClose(double expected, double actual, String what) {
    if (expected == 0 || Double.isInfinite(expected)) {
      assertEquals(expected, actual, what);
      return;
    }
    // subnormal results carry fewer bits: compare them absolutely at the subnormal spacing
    double tol = Math.abs(expected) < Double.MIN_NORMAL ? 2 * Double.MIN_VALUE : REL * Math.abs(expected);
    assertEquals(expected, actual, tol, what);
  }

  private static double sample(Gen gen) {
    SplittableRandom r = gen.random();
    double mag = Math.pow(10, gen.doubleIn(-12, Math.log10(745)));
    return r.nextBoolean() ? mag : -mag;
  }

  @Property(trials = 40)
  void expMatchesExactValuesOverTheWholeRange(Gen gen) {
    int n = gen.intIn(0, 70);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = sample(gen);
    }
    for (Kernels k : KernelsGemmTest.implementations()) {
      double[] out = new double[n];
      k.exp(x, out, n);
      for (int i = 0; i < n; i++) {
        assertClose(exactExp(x[i]), out[i], k.name() + " exp(" + x[i] + ")");
      }
    }
  }

  @Test
  void expEdges() {
    double[] x = {0.0, -0.0, 1e-300, -1e-300, 709.78, 709.79, 710, 1e308, Double.POSITIVE_INFINITY, -708.4, -745.13,
        -745.14, -746, -1e308, Double.NEGATIVE_INFINITY, Double.NaN, 0.5 * Math.log(2), -0.5 * Math.log(2)};
    for (Kernels k : KernelsGemmTest.implementations()) {
      double[] out = new double[x.length + 5];
      double[] in = new double[x.length + 5];
      System.arraycopy(x, 0, in, 0, x.length);
      k.exp(in, out, x.length);
      for (int i = 0; i < x.length; i++) {
        double expected = Math.exp(x[i]);
        if (Double.isNaN(expected)) {
          assertTrue(Double.isNaN(out[i]), k.name() + " exp(NaN)");
        } else if (Math.abs(expected) < Double.MIN_NORMAL || Double.isInfinite(expected)) {
          assertEquals(expected, out[i], 2 * Double.MIN_VALUE, k.name() + " exp(" + x[i] + ")");
        } else {
          assertEquals(expected, out[i], 4e-16 * expected, k.name() + " exp(" + x[i] + ")");
        }
      }
      // in place
      double[] same = in.clone();
      k.exp(same, same, x.length);
      for (int i = 0; i < x.length; i++) {
        assertEquals(Double.doubleToLongBits(out[i]), Double.doubleToLongBits(same[i]), k.name() + " in place");
      }
    }
  }

  @Property(trials = 25)
  void logisticMatchesExactValues(Gen gen) {
    int n = gen.intIn(0, 1100); // crosses the vector path's 512-lane blocks
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = gen.isEdgeBiased() ? sample(gen) : gen.doubleIn(-6, 6);
    }
    int checked = Math.min(n, 60);
    for (Kernels k : KernelsGemmTest.implementations()) {
      double[] spn = new double[n];
      double[] spp = new double[n];
      double[] sgp = new double[n];
      double[] sgn = new double[n];
      k.logistic(x, spn, spp, sgp, sgn, n);
      for (int j = 0; j < checked; j++) {
        int i = j * Math.max(1, n / checked) + (n > checked ? gen.random().nextInt(Math.max(1, n / checked)) : 0);
        i = Math.min(i, n - 1);
        double v = x[i];
        String at = k.name() + " x=" + v;
        assertClose(exactSoftplus(-v), spn[i], at + " softplus(-x)");
        assertClose(exactSoftplus(v), spp[i], at + " softplus(x)");
        assertClose(exactSigmoid(v), sgp[i], at + " sigmoid(x)");
        assertClose(exactSigmoid(-v), sgn[i], at + " sigmoid(-x)");
      }
    }
  }

  @Test
  void logisticAroundTheLog1pBranchPoint() {
    // e^{−|x|} = √2 − 1 at |x| = −log(√2 − 1) ≈ 0.8814: the vector log1p switches between its two reductions there
    double x0 = -Math.log(Math.sqrt(2) - 1);
    double[] x = new double[64];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 2 == 0 ? 1 : -1) * (x0 + (i - 32) * 1e-9);
    }
    for (Kernels k : KernelsGemmTest.implementations()) {
      double[][] o = new double[4][x.length];
      k.logistic(x, o[0], o[1], o[2], o[3], x.length);
      for (int i = 0; i < x.length; i++) {
        assertClose(exactSoftplus(-x[i]), o[0][i], k.name() + " softplus(-x) at " + x[i]);
        assertClose(exactSigmoid(-x[i]), o[3][i], k.name() + " sigmoid(-x) at " + x[i]);
      }
    }
  }

  @Test
  void logisticTailsKeepRelativePrecision() {
    double[] x = {0.0, -0.0, 1e-300, 40, -40, 700, -700, 744, -744, 1e4, -1e4, 1e300, -1e300};
    for (Kernels k : KernelsGemmTest.implementations()) {
      double[][] o = new double[4][x.length];
      k.logistic(x, o[0], o[1], o[2], o[3], x.length);
      for (int i = 0; i < x.length; i++) {
        String at = k.name() + " x=" + x[i];
        assertClose(StableMath.softplus(-x[i]), o[0][i], at);
        assertClose(StableMath.softplus(x[i]), o[1][i], at);
        assertClose(StableMath.sigmoid(x[i]), o[2][i], at);
        assertClose(StableMath.sigmoid(-x[i]), o[3][i], at);
        assertTrue(o[2][i] + o[3][i] > 1 - 1e-15 && o[2][i] + o[3][i] < 1 + 1e-15, at + " σ(x) + σ(−x) = 1");
      }
    }
  }

  @Property(trials = 40)
  void log1mexpMatchesExactValues(Gen gen) {
    int n = gen.intIn(0, 600);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      // −10^u over the whole negative range, from subnormal magnitudes to far below the point where e^x underflows
      x[i] = -Math.pow(10, gen.isEdgeBiased() ? gen.doubleIn(-320, 3.5) : gen.doubleIn(-3, 1.5));
    }
    int checked = Math.min(n, 50);
    for (Kernels k : KernelsGemmTest.implementations()) {
      double[] out = new double[n];
      k.log1mexp(x, out, n);
      for (int j = 0; j < checked; j++) {
        int i = gen.random().nextInt(n);
        assertClose(exactLog1mexp(x[i]), out[i], k.name() + " log1mexp(" + x[i] + ")");
      }
    }
  }

  @Test
  void log1mexpEdges() {
    double ln2 = Math.log(2);
    double branch = Math.log(1 - 1 / Math.sqrt(2)); // where the vector path switches to log1p(−e^x)
    double[] x = {-0.0, 0.0, -Double.MIN_VALUE, -1e-310, -1e-300, -1e-17, -ln2, Math.nextUp(-ln2),
        Math.nextDown(-ln2), -0.5 * ln2, Math.nextUp(branch), branch, Math.nextDown(branch), -1, -37, -40, -708.3,
        -708.5, -745, -746, -1e4, Double.NEGATIVE_INFINITY, 1e-300, 2, Double.NaN};
    for (Kernels k : KernelsGemmTest.implementations()) {
      double[] out = new double[x.length];
      k.log1mexp(x, out, x.length);
      for (int i = 0; i < x.length; i++) {
        String at = k.name() + " log1mexp(" + x[i] + ")";
        if (!(x[i] <= 0)) {
          assertTrue(Double.isNaN(out[i]), at + " is NaN");
        } else if (x[i] == 0) {
          assertEquals(Double.NEGATIVE_INFINITY, out[i], at);
        } else if (x[i] < -700) {
          assertEquals(-Math.exp(x[i]), out[i], 2 * Double.MIN_VALUE + 1e-15 * Math.exp(x[i]), at);
        } else {
          assertClose(exactLog1mexp(x[i]), out[i], at);
        }
      }
      double[] same = x.clone();
      k.log1mexp(same, same, x.length);
      for (int i = 0; i < x.length; i++) {
        assertEquals(Double.doubleToLongBits(out[i]), Double.doubleToLongBits(same[i]), k.name() + " in place");
      }
    }
  }

  /** e^x − 1 to 50 digits (the exact exp minus one, then rounded once). */
  private static double exactExpm1(double x) {
    return HighPrecision.exp(new BigDecimal(x)).subtract(BigDecimal.ONE, HighPrecision.MC).doubleValue();
  }

  @Property(trials = 40)
  void expm1KeepsRelativePrecisionNearZero(Gen gen) {
    int n = gen.intIn(0, 300);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = sample(gen);
    }
    int checked = Math.min(n, 50);
    for (Kernels k : KernelsGemmTest.implementations()) {
      double[] out = new double[n];
      k.expm1(x, out, n);
      for (int j = 0; j < checked; j++) {
        int i = gen.random().nextInt(n);
        if (Math.abs(x[i]) < 1e-290) {
          assertEquals(x[i], out[i], 1e-15 * Math.abs(x[i]), k.name());
          continue;
        }
        assertClose(exactExpm1(x[i]), out[i], k.name() + " expm1(" + x[i] + ")");
      }
    }
  }

  @Property(trials = 40)
  void log1pMatchesExactValues(Gen gen) {
    int n = gen.intIn(0, 300);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double u = gen.random().nextDouble();
      x[i] = u < 0.4 ? -1 + Math.pow(10, gen.doubleIn(-15, 0)) // toward −1
          : u < 0.8 ? (gen.bool() ? 1 : -1) * Math.pow(10, gen.doubleIn(-300, -0.3)) // near 0, both signs
          : Math.pow(10, gen.doubleIn(-1, 300)); // large
    }
    int checked = Math.min(n, 50);
    for (Kernels k : KernelsGemmTest.implementations()) {
      double[] out = new double[n];
      k.log1p(x, out, n);
      for (int j = 0; j < checked; j++) {
        int i = gen.random().nextInt(n);
        double expected = Math.abs(x[i]) < 1e-20 ? x[i] - x[i] * x[i] / 2
            : HighPrecision.log1p(new BigDecimal(x[i])).doubleValue();
        assertClose(expected, out[i], k.name() + " log1p(" + x[i] + ")");
      }
    }
  }

  @Test
  void expm1AndLog1pEdges() {
    double[] x = {0.0, -0.0, 1e-300, -1e-300, Double.MIN_VALUE, 0.3465, -0.3466, Math.sqrt(2) - 1,
        Math.nextUp(Math.sqrt(2) - 1), 1 / Math.sqrt(2) - 1, Math.nextDown(1 / Math.sqrt(2) - 1), -1, Math.nextUp(-1.0),
        -2, 709, 710, -708.5, -745, 1e308, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
    for (Kernels k : KernelsGemmTest.implementations()) {
      double[] e = new double[x.length];
      double[] l = new double[x.length];
      k.expm1(x, e, x.length);
      k.log1p(x, l, x.length);
      for (int i = 0; i < x.length; i++) {
        String at = k.name() + " at " + x[i];
        double ee = Math.expm1(x[i]);
        double le = Math.log1p(x[i]);
        if (Double.isNaN(ee)) {
          assertTrue(Double.isNaN(e[i]), at);
        } else {
          assertEquals(ee, e[i], 2 * Double.MIN_VALUE + REL * Math.abs(ee), "expm1 " + at);
        }
        if (Double.isNaN(le)) {
          assertTrue(Double.isNaN(l[i]), "log1p " + at + " gave " + l[i]);
        } else {
          assertEquals(le, l[i], 2 * Double.MIN_VALUE + REL * Math.abs(le), "log1p " + at);
        }
      }
    }
  }

  /**
   * Every elementwise kernel allocates nothing per call once compiled: strictly on the scalar path; on the Vector API
   * path after C2 has compiled the loops (a JVM busy with thousands of other tests may not do so in time, which is
   * reported as a skip; a kernel that boxes its vectors allocates kilobytes per call and never gets there).
   */
  @Test
  void elementwiseKernelsAllocateNothing() throws Exception {
    Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    java.lang.reflect.Method counter =
        Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
    int n = 131;
    double[] x = new double[n];
    double[][] o = new double[4][n];
    for (int i = 0; i < n; i++) {
      x[i] = -0.01 - i * 0.03;
    }
    java.util.List<String> misses = new java.util.ArrayList<>();
    for (Kernels k : KernelsGemmTest.implementations()) {
      for (int kernel = 0; kernel < 5; kernel++) {
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 60 && allocated >= 64; round++) {
          for (int w = 0; w < 2000; w++) {
            call(k, kernel, x, o, n);
          }
          long before = (Long) counter.invoke(bean);
          for (int w = 0; w < 200; w++) {
            call(k, kernel, x, o, n);
          }
          allocated = (Long) counter.invoke(bean) - before;
        }
        String what = k.name() + " kernel " + kernel + ": " + allocated + " B in 200 calls";
        if (!k.isVectorized()) {
          assertTrue(allocated < 64, what);
        } else if (allocated >= 64) {
          misses.add(what);
        }
      }
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(misses.isEmpty(), "not scalar-replaced in time: " + misses);
  }

  private static void call(Kernels k, int kernel, double[] x, double[][] o, int n) {
    switch (kernel) {
      case 0:
        k.exp(x, o[0], n);
        break;
      case 1:
        k.expm1(x, o[0], n);
        break;
      case 2:
        k.log1p(x, o[0], n);
        break;
      case 3:
        k.log1mexp(x, o[0], n);
        break;
      default:
        k.logistic(x, o[0], o[1], o[2], o[3], n);
        break;
    }
  }

  @Test
  void badLengthsNameTheArgument() {
    for (Kernels k : KernelsGemmTest.implementations()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> k.exp(new double[3], new double[2], 3));
      assertTrue(e.getMessage().contains("n must be in [0, 2]") && e.getMessage().contains("was 3"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> k.exp(new double[3], new double[3], -1));
      double[] a = new double[4];
      IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
          () -> k.logistic(a, new double[4], new double[4], new double[3], new double[4], 4));
      assertTrue(f.getMessage().contains("was 4"), f.getMessage());
    }
  }
}
