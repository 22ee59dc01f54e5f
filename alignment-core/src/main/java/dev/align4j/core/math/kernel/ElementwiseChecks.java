package dev.align4j.core.math.kernel;

/** Argument checks shared by the elementwise kernels of both paths (plain {@code if}s: no varargs boxing per call). */
final class ElementwiseChecks {
  private ElementwiseChecks() {}

  static void lengths(int n, double[] x, double[] out) {
    if (n < 0 || n > x.length || n > out.length) {
      throw new IllegalArgumentException("n must be in [0, " + Math.min(x.length, out.length)
          + "] (the shorter array's length), was " + n);
    }
  }

  static void lengths(int n, double[] x, double[] a, double[] b, double[] c, double[] d) {
    int min = Math.min(x.length, Math.min(Math.min(a.length, b.length), Math.min(c.length, d.length)));
    if (n < 0 || n > min) {
      throw new IllegalArgumentException("n must be in [0, " + min + "] (the shortest array's length), was " + n);
    }
  }
}
