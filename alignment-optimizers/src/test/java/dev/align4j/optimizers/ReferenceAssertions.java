package dev.align4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

/**
 * Comparison against independent reference values (the generated {@code *ReferenceValues} classes, computed by
 * {@code src/test/python/reference_values.py} in 50-digit arithmetic): every entry within {@link #RELATIVE} of its
 * expected value, with an absolute floor of {@link #FLOOR} times the largest expected magnitude of the same array (so
 * that an entry that should be 0, or that cancels, is held to the array's scale rather than to 0).
 */
public final class ReferenceAssertions {
  /** The relative tolerance, 1e-12. */
  public static final double RELATIVE = 1e-12;
  /** The absolute floor, relative to the array's largest expected magnitude. */
  public static final double FLOOR = 1e-14;

  private ReferenceAssertions() {}

  /** {@code actual} equals {@code expected} entry by entry within the tolerance. */
  public static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double tol = RELATIVE * Math.abs(expected[i]) + FLOOR * scale;
      if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
        fail(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i] + " (difference "
            + (actual[i] - expected[i]) + ", tolerance " + tol + ")");
      }
    }
  }

  /** One value within 1e-12 relative (an expected 0 must be exactly 0). */
  public static void assertClose(double expected, double actual, String what) {
    assertClose(new double[] {expected}, new double[] {actual}, what);
  }

  /** Flattens ragged rows, row after row. */
  public static double[] flat(double[][] rows) {
    int n = 0;
    for (double[] r : rows) {
      n += r.length;
    }
    double[] out = new double[n];
    int k = 0;
    for (double[] r : rows) {
      System.arraycopy(r, 0, out, k, r.length);
      k += r.length;
    }
    return out;
  }

  /** Splits a flat array into rows of the given lengths. */
  public static double[][] rows(double[] flat, int[] lengths) {
    double[][] out = new double[lengths.length][];
    int k = 0;
    for (int i = 0; i < lengths.length; i++) {
      out[i] = Arrays.copyOfRange(flat, k, k + lengths[i]);
      k += lengths[i];
    }
    return out;
  }
}
