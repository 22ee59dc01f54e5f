package dev.align4j.optimizers.kl;

import dev.align4j.core.check.Require;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Single-sample estimators of KL(π‖πref) from a token (or sequence) y sampled from π (J. Schulman, "Approximating KL
 * Divergence", 2020, http://joschu.net/blog/kl-approx.html). With x = log πref(y) − log π(y) (the log of the ratio
 * r = πref/π):
 *
 * <ul>
 *   <li>{@link #K1}: −x — unbiased, high variance, can be negative;
 *   <li>{@link #K2}: ½x² — biased (its expectation is a second-order approximation of the KL), low variance, ≥ 0;
 *   <li>{@link #K3}: (e^x − 1) − x — unbiased (E_π[r] = 1), low variance, always ≥ 0 (e^x ≥ 1 + x). This is the
 *       estimator in GRPO's loss and TRL's PPO {@code kl_estimator="k3"}.
 * </ul>
 *
 * <p>Units: nats. Inputs are natural-log probabilities of the same sampled token under the policy and the reference;
 * they must be finite and ≤ 0. k3 is computed without cancellation (a Taylor series for |x| &lt; 1e-3, expm1(x) − x
 * beyond), so it keeps full relative precision as x → 0; it is +∞ when x exceeds
 * about 709.78 (the true value then exceeds the double range). The {@linkplain #gradient gradient} is with respect to
 * log π(y) with πref fixed.
 */
public enum KlEstimator {
  /** k1 = log π − log πref. */
  K1 {
    @Override
    double value(double x) {
      return -x;
    }

    @Override
    double derivative(double x) {
      return 1.0;
    }
  },
  /** k2 = ½ (log πref − log π)². */
  K2 {
    @Override
    double value(double x) {
      return 0.5 * x * x;
    }

    @Override
    double derivative(double x) {
      return -x;
    }
  },
  /** k3 = πref/π − 1 − log(πref/π). */
  K3 {
    @Override
    double value(double x) {
      return k3(x);
    }

    @Override
    double derivative(double x) {
      return -Math.expm1(x);
    }
  };

  /**
   * e^x − 1 − x without cancellation: the Taylor series x²/2 + x³/6 + x⁴/24 + x⁵/120 for |x| &lt; 1e-3 (relative
   * truncation error below 3e-15), expm1(x) − x otherwise.
   */
  static double k3(double x) {
    if (Math.abs(x) < 1e-3) {
      return x * x * (0.5 + x * (1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120))));
    }
    return Math.expm1(x) - x;
  }

  /** The estimate as a function of x = log πref − log π. */
  abstract double value(double x);

  /** ∂estimate/∂log π as a function of x = log πref − log π. */
  abstract double derivative(double x);

  /** The estimator for TRL's {@code kl_estimator} name ({@code "k1"}, {@code "k2"}, {@code "k3"}). */
  public static KlEstimator fromName(String name) {
    Require.nonNull("kl_estimator", name);
    switch (name.toLowerCase(Locale.ROOT)) {
      case "k1":
        return K1;
      case "k2":
        return K2;
      case "k3":
        return K3;
      default:
        throw new IllegalArgumentException("kl_estimator must be one of [k1, k2, k3], was \"" + name + "\"");
    }
  }

  /** TRL's name of this estimator, e.g. {@code "k3"}. */
  public String trlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The estimate for one sample.
   *
   * @param logProb log π(y), finite and ≤ 0
   * @param referenceLogProb log πref(y), finite and ≤ 0
   */
  public double estimate(double logProb, double referenceLogProb) {
    checkLogProb("logProb", logProb);
    checkLogProb("referenceLogProb", referenceLogProb);
    return value(referenceLogProb - logProb);
  }

  /** ∂{@link #estimate}/∂logProb for one sample (the reference is a constant). */
  public double gradient(double logProb, double referenceLogProb) {
    checkLogProb("logProb", logProb);
    checkLogProb("referenceLogProb", referenceLogProb);
    return derivative(referenceLogProb - logProb);
  }

  /** The per-token estimates {@code estimate(logProbs[t], referenceLogProbs[t])}. */
  public double[] perToken(double[] logProbs, double[] referenceLogProbs) {
    checkPair(logProbs, referenceLogProbs);
    double[] out = new double[logProbs.length];
    for (int t = 0; t < out.length; t++) {
      out[t] = value(referenceLogProbs[t] - logProbs[t]);
    }
    return out;
  }

  /**
   * The masked mean of the per-token estimates, Σ m·k / max(Σ m, 1) (TRL's {@code kl} metric).
   *
   * @param mask per-token weights in [0, 1], or null for all ones
   */
  public double mean(double[] logProbs, double[] referenceLogProbs, double @Nullable [] mask) {
    checkPair(logProbs, referenceLogProbs);
    checkMask(mask, logProbs.length);
    double sum = 0;
    double count = 0;
    for (int t = 0; t < logProbs.length; t++) {
      double m = mask == null ? 1.0 : mask[t];
      if (m != 0.0) {
        sum += m * value(referenceLogProbs[t] - logProbs[t]);
        count += m;
      }
    }
    return sum / Math.max(count, 1.0);
  }

  /**
   * Per-sequence sums Σ_t m·k_t of a ragged flat batch (sequence i owns {@code lengths[i]} consecutive tokens): the
   * sequence-level KL estimate (with {@link #K1}, RLOO's KL-in-reward term).
   */
  public double[] sequenceSums(
      int[] lengths, double[] logProbs, double[] referenceLogProbs, double @Nullable [] mask) {
    checkPair(logProbs, referenceLogProbs);
    checkMask(mask, logProbs.length);
    int total = checkLengths(lengths, logProbs.length);
    double[] out = new double[lengths.length];
    int t = 0;
    for (int i = 0; i < lengths.length; i++) {
      double s = 0;
      for (int k = 0; k < lengths[i]; k++, t++) {
        double m = mask == null ? 1.0 : mask[t];
        if (m != 0.0) {
          s += m * value(referenceLogProbs[t] - logProbs[t]);
        }
      }
      out[i] = s;
    }
    assert t == total;
    return out;
  }

  static int checkLengths(int[] lengths, int tokens) {
    Require.nonNull("lengths", lengths);
    long total = 0;
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] < 0) {
        throw new IllegalArgumentException("lengths[" + i + "] must be >= 0, was " + lengths[i]);
      }
      total += lengths[i];
    }
    if (total != tokens) {
      throw new IllegalArgumentException(
          "sum of lengths (" + total + ") must equal the number of per-token values (" + tokens + ")");
    }
    return tokens;
  }

  static void checkPair(double[] logProbs, double[] referenceLogProbs) {
    Require.logProbabilities("logProbs", Require.nonNull("logProbs", logProbs));
    Require.logProbabilities("referenceLogProbs", Require.nonNull("referenceLogProbs", referenceLogProbs));
    Require.sameLength("logProbs", logProbs.length, "referenceLogProbs", referenceLogProbs.length);
  }

  static void checkMask(double @Nullable [] mask, int tokens) {
    if (mask == null) {
      return;
    }
    Require.sameLength("mask", mask.length, "logProbs", tokens);
    for (int t = 0; t < mask.length; t++) {
      if (!(mask[t] >= 0.0 && mask[t] <= 1.0)) {
        throw new IllegalArgumentException("mask[" + t + "] must be in [0, 1], was " + mask[t]);
      }
    }
  }

  private static void checkLogProb(String name, double v) {
    if (!(v <= 0.0) || v == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(name + " must be a finite log-probability (<= 0), was " + v);
    }
  }
}
