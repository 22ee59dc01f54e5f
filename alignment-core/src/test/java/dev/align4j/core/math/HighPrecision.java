package dev.align4j.core.math;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A 50-digit BigDecimal reference for exp and log, used to check the double-precision functions (here and in the
 * kernel tests).
 */
public final class HighPrecision {
  public static final MathContext MC = new MathContext(50, RoundingMode.HALF_EVEN);
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  private HighPrecision() {}

  /** e^x by halving the argument until it is small, a Taylor series, and squaring back. */
  public static BigDecimal exp(BigDecimal x) {
    int halvings = 0;
    BigDecimal r = x;
    while (r.abs().compareTo(new BigDecimal("0.001")) > 0) {
      r = r.divide(TWO, MC);
      halvings++;
    }
    BigDecimal term = BigDecimal.ONE;
    BigDecimal sum = BigDecimal.ONE;
    for (int k = 1; k < 40; k++) {
      term = term.multiply(r, MC).divide(BigDecimal.valueOf(k), MC);
      sum = sum.add(term, MC);
    }
    for (int i = 0; i < halvings; i++) {
      sum = sum.multiply(sum, MC);
    }
    return sum;
  }

  /** ln y for y > 0, by Newton's method on e^z = y (Halley-style update 2(y − e^z)/(y + e^z)). */
  public static BigDecimal log(BigDecimal y) {
    if (y.signum() <= 0) {
      throw new IllegalArgumentException("y must be > 0, was " + y);
    }
    BigDecimal z = BigDecimal.valueOf(Math.log(y.doubleValue()));
    if (Double.isInfinite(z.doubleValue()) || Double.isNaN(z.doubleValue())) {
      throw new IllegalArgumentException("y out of double range: " + y);
    }
    for (int i = 0; i < 8; i++) {
      BigDecimal ez = exp(z);
      z = z.add(TWO.multiply(y.subtract(ez, MC), MC).divide(y.add(ez, MC), MC), MC);
    }
    return z;
  }

  /** log(1 + u) for u > −1: the alternating series for small |u| (keeps every digit of a tiny u), else log. */
  public static BigDecimal log1p(BigDecimal u) {
    if (u.abs().compareTo(new BigDecimal("1e-3")) < 0) {
      BigDecimal sum = BigDecimal.ZERO;
      BigDecimal pow = u;
      for (int k = 1; k < 30; k++) {
        BigDecimal term = pow.divide(BigDecimal.valueOf(k), MC);
        sum = (k % 2 == 1) ? sum.add(term, MC) : sum.subtract(term, MC);
        pow = pow.multiply(u, MC);
      }
      return sum;
    }
    return log(BigDecimal.ONE.add(u, MC));
  }

  /** log σ(x) = −log(1 + e^−x). */
  public static double logSigmoid(double x) {
    return log1p(exp(BigDecimal.valueOf(-x))).negate().doubleValue();
  }

  /** log(1 − e^x) for x < 0. */
  public static double log1mexp(double x) {
    return log1p(exp(BigDecimal.valueOf(x)).negate()).doubleValue();
  }

  /** log Σ e^{xᵢ}. */
  public static double logSumExp(double[] xs) {
    BigDecimal s = BigDecimal.ZERO;
    for (double x : xs) {
      s = s.add(exp(BigDecimal.valueOf(x)), MC);
    }
    return log(s).doubleValue();
  }
}
