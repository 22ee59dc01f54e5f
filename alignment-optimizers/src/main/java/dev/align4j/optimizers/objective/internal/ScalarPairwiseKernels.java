package dev.align4j.optimizers.objective.internal;

import dev.align4j.core.math.StableMath;
import dev.align4j.core.math.kernel.Kernels;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** The portable scalar pairwise kernels: one exp and one log1p per pair, the reference for tests. */
final class ScalarPairwiseKernels implements PairwiseKernels {
  static final ScalarPairwiseKernels INSTANCE = new ScalarPairwiseKernels();

  private ScalarPairwiseKernels() {}

  @Override
  public Kernels math() {
    return Kernels.scalar();
  }

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public double logistic(
      double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double beta, double gamma,
      double a, double b, double gradScale, double lossScale, double[] losses, double[] gc, double[] gr,
      boolean accumulate) {
    return logisticRange(c, r, c0, r0, 0, n, beta, gamma, a, b, gradScale, lossScale, losses, gc, gr, accumulate);
  }

  /** {@link #logistic} over the index range [from, to). */
  static double logisticRange(
      double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int from, int to, double beta,
      double gamma, double a, double b, double gradScale, double lossScale, double[] losses, double[] gc,
      double[] gr, boolean accumulate) {
    double sum = 0;
    double gs = gradScale * beta;
    for (int i = from; i < to; i++) {
      double d = c0 == null || r0 == null ? c[i] - r[i] : (c[i] - c0[i]) - (r[i] - r0[i]);
      double x = beta * d - gamma;
      double e = Math.exp(-Math.abs(x));
      double lp = StableMath.log1pUnitInterval(e);
      double inv = 1.0 / (1.0 + e);
      double spNeg = Math.max(-x, 0) + lp; // softplus(−x)
      double spPos = Math.max(x, 0) + lp; // softplus(x)
      double sigNeg = x >= 0 ? e * inv : inv; // σ(−x)
      double sigPos = x >= 0 ? inv : e * inv; // σ(x)
      double loss = lossScale * (a * spNeg + b * spPos);
      double g = gs * (b * sigPos - a * sigNeg);
      if (accumulate) {
        losses[i] += loss;
        gc[i] += g;
        gr[i] -= g;
      } else {
        losses[i] = loss;
        gc[i] = g;
        gr[i] = -g;
      }
      sum += loss;
    }
    return sum;
  }

  @Override
  public double hinge(
      double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double beta, double margin,
      double gradScale, double lossScale, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    return hingeRange(c, r, c0, r0, 0, n, beta, margin, gradScale, lossScale, losses, gc, gr, accumulate);
  }

  /** {@link #hinge} over the index range [from, to). */
  static double hingeRange(
      double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int from, int to, double beta,
      double margin, double gradScale, double lossScale, double[] losses, double[] gc, double[] gr,
      boolean accumulate) {
    double sum = 0;
    double gs = -gradScale * beta;
    for (int i = from; i < to; i++) {
      double d = c0 == null || r0 == null ? c[i] - r[i] : (c[i] - c0[i]) - (r[i] - r0[i]);
      double m = margin - beta * d;
      double loss = m > 0 ? lossScale * m : 0.0;
      double g = m > 0 ? gs : 0.0;
      if (accumulate) {
        losses[i] += loss;
        gc[i] += g;
        gr[i] -= g;
      } else {
        losses[i] = loss;
        gc[i] = g;
        gr[i] = -g;
      }
      sum += loss;
    }
    return sum;
  }

  /** No fused scalar kernel: the pairwise loss's own loop is the scalar reference for these types. */
  @Override
  public double perPair(
      PerPairLoss loss, double[] c, double[] r,
      double @Nullable [] c0, double @Nullable [] r0, int[] lw, int[] ll, int n, double gradScale, double lossScale,
      double[] losses, double[] gc, double[] gr, boolean accumulate) {
    return Double.NaN;
  }

  @Override
  public void rewardSums(double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double[] out) {
    Arrays.fill(out, 0, 5, 0.0);
    addRewardSums(c, r, c0, r0, 0, n, out);
  }

  /** Adds the reward sums over [from, to) into {@code out}. */
  static void addRewardSums(
      double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int from, int to, double[] out) {
    double sw = 0;
    double sl = 0;
    double acc = 0;
    double sc = 0;
    double sr = 0;
    for (int i = from; i < to; i++) {
      double lw = c0 == null ? c[i] : c[i] - c0[i];
      double ll = r0 == null ? r[i] : r[i] - r0[i];
      sw += lw;
      sl += ll;
      acc += lw > ll ? 1 : 0;
      sc += c[i];
      sr += r[i];
    }
    out[0] += sw;
    out[1] += sl;
    out[2] += acc;
    out[3] += sc;
    out[4] += sr;
  }
}
