package dev.align4j.core.train;

/**
 * Clipping of the global L2 norm of a gradient (Pascanu, Mikolov and Bengio, "On the difficulty of training recurrent
 * neural networks", ICML 2013), as PyTorch's {@code torch.nn.utils.clip_grad_norm_} does it: with n the norm over all
 * parameters and c the threshold, every gradient is multiplied by {@code c / (n + 1e-6)} when {@code n > c}, and left
 * alone otherwise. The 1e-6 is PyTorch's.
 */
public final class GradientClipping {
  /** Added to the norm in the clipping factor (PyTorch's {@code clip_grad_norm_}). */
  public static final double NORM_EPSILON = 1e-6;

  private GradientClipping() {}

  /**
   * The global L2 norm of {@code gradients} over all blocks, as a scaled sum of squares (LAPACK {@code dnrm2} style)
   * so that huge gradients do not overflow to ∞.
   *
   * @return NaN or ∞ when a gradient is not finite (the first such value met)
   */
  public static double globalNorm(double[][] gradients) {
    double scale = 0;
    double sum = 1;
    for (double[] block : gradients) {
      for (double g : block) {
        if (!Double.isFinite(g)) {
          return g;
        }
        if (g != 0) {
          double a = Math.abs(g);
          if (scale < a) {
            sum = 1 + sum * (scale / a) * (scale / a);
            scale = a;
          } else {
            sum += (a / scale) * (a / scale);
          }
        }
      }
    }
    return scale * Math.sqrt(sum);
  }

  /**
   * The global L2 norm of a {@code float} gradient, summed in double precision. A float squared cannot overflow a
   * double, so no scaling is needed.
   *
   * @return NaN or ∞ when a gradient is not finite
   */
  public static double globalNorm(float[] gradients) {
    double sum = 0;
    for (float x : gradients) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  /**
   * The factor the gradient is multiplied by: {@code maxNorm / (norm + 1e-6)} when {@code maxNorm > 0} and
   * {@code norm > maxNorm}, 1 otherwise (a threshold of 0 or +∞ disables clipping).
   *
   * @param norm the global norm before clipping, finite
   * @param maxNorm the threshold, {@code >= 0}
   */
  public static double factor(double norm, double maxNorm) {
    return maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + NORM_EPSILON) : 1.0;
  }
}
