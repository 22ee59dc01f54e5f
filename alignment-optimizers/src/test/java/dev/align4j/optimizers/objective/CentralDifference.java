package dev.align4j.optimizers.objective;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;

/** Central finite differences for the gradient property tests of the unpaired, listwise and token-level objectives. */
public final class CentralDifference {
  private CentralDifference() {}

  /** ∂f/∂x[i] by a central difference with step h·max(1, |x[i]|); {@code x} is restored afterwards. */
  public static double partial(ToDoubleFunction<double[]> f, double[] x, int i, double h) {
    double saved = x[i];
    double step = h * Math.max(1, Math.abs(saved));
    x[i] = saved + step;
    double up = f.applyAsDouble(x);
    x[i] = saved - step;
    double down = f.applyAsDouble(x);
    x[i] = saved;
    return (up - down) / (2 * step);
  }

  /**
   * Asserts that {@code analytic[i]} equals the central difference of {@code f} at every index, within a relative
   * error {@code rel} (with an absolute floor {@code abs} for gradients that are essentially 0).
   */
  public static void assertGradient(
      String what, ToDoubleFunction<double[]> f, double[] x, double[] analytic, double rel, double abs) {
    // rounding noise of a central difference: about ε·|f| / step
    double noise = 1e-15 * Math.max(1, Math.abs(f.applyAsDouble(x)));
    for (int i = 0; i < x.length; i++) {
      double fd = partial(f, x, i, 1e-5);
      double err = Math.abs(fd - analytic[i]);
      double scale = Math.max(Math.abs(fd), Math.abs(analytic[i]));
      double step = 1e-5 * Math.max(1, Math.abs(x[i]));
      assertTrue(
          err <= rel * scale + abs + noise / step,
          what + "[" + i + "]: analytic " + analytic[i] + " vs finite difference " + fd + " (x=" + x[i] + ")");
    }
  }

  /** Log-probabilities in [min, −margin] (so that a finite-difference step keeps them ≤ 0). */
  public static double[] logProbs(dev.align4j.testkit.Gen gen, int n, double min, double margin) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.min(-margin, gen.logProb(min));
    }
    return out;
  }
}
