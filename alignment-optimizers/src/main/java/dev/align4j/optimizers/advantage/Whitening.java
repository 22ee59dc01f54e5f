package dev.align4j.optimizers.advantage;

import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * Masked whitening of per-token values, as TRL's {@code masked_whiten} (used by PPO on advantages and, optionally, on
 * rewards): (x − mean)/sqrt(var + 1e-8), with the masked mean and the unbiased (Bessel-corrected) masked variance; with
 * {@code shiftMean = false} the mean is added back (only the scale changes).
 */
public final class Whitening {
  /** The variance floor TRL adds, 1e-8. */
  public static final double EPSILON = 1e-8;

  private Whitening() {}

  /**
   * Returns the whitened copy of {@code values}; masked-out entries (weight 0) are whitened too but do not enter the
   * statistics.
   *
   * @param mask per-entry weights in [0, 1], or null for all ones; the total weight must exceed 1 (unbiased variance)
   * @throws IllegalArgumentException for non-finite values or a total weight ≤ 1
   */
  public static double[] whiten(double[] values, double @Nullable [] mask, boolean shiftMean) {
    Require.allFinite("values", Require.nonNull("values", values));
    double sum = 0;
    double count = 0;
    for (int t = 0; t < values.length; t++) {
      double m = weight(mask, t, values.length);
      sum += m * values[t];
      count += m;
    }
    if (!(count > 1.0)) {
      throw new IllegalArgumentException(
          "whitening needs a total mask weight > 1 (unbiased variance), was " + count);
    }
    double mean = sum / count;
    double ss = 0;
    for (int t = 0; t < values.length; t++) {
      double d = values[t] - mean;
      ss += weight(mask, t, values.length) * d * d;
    }
    double var = ss / count * (count / (count - 1.0));
    double inv = 1.0 / Math.sqrt(var + EPSILON);
    double[] out = new double[values.length];
    for (int t = 0; t < values.length; t++) {
      out[t] = (values[t] - mean) * inv + (shiftMean ? 0.0 : mean);
    }
    return out;
  }

  private static double weight(double @Nullable [] mask, int t, int n) {
    if (mask == null) {
      return 1.0;
    }
    if (t == 0) {
      Require.sameLength("mask", mask.length, "values", n);
    }
    double m = mask[t];
    if (!(m >= 0.0 && m <= 1.0)) {
      throw new IllegalArgumentException("mask[" + t + "] must be in [0, 1], was " + m);
    }
    return m;
  }
}
