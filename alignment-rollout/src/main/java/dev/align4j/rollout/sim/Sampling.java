package dev.align4j.rollout.sim;

import java.util.random.RandomGenerator;

/** Random variates for the simulator (binomial, gamma, χ²) from an injected generator. */
final class Sampling {
  private Sampling() {}

  /**
   * Binomial(n, p): inversion (exact) when {@code n·min(p, 1−p) < 30}, otherwise the normal approximation with
   * continuity correction, clamped to [0, n] (its error is far below the simulator's Monte-Carlo error there).
   */
  static long binomial(long n, double p, RandomGenerator rng) {
    if (n == 0 || p == 0) {
      return 0;
    }
    if (p == 1) {
      return n;
    }
    double q = Math.min(p, 1 - p);
    long k;
    if (n * q < 30) {
      // Inversion by sequential search over the pmf (expected cost O(n·q)).
      double u = rng.nextDouble();
      double r = q / (1 - q);
      double pmf = Math.exp(n * Math.log1p(-q));
      double cdf = pmf;
      k = 0;
      while (u > cdf && k < n) {
        pmf *= r * (n - k) / (k + 1);
        k++;
        cdf += pmf;
      }
    } else {
      double mean = n * q;
      double sd = Math.sqrt(n * q * (1 - q));
      k = Math.round(mean + sd * rng.nextGaussian());
      k = Math.max(0, Math.min(n, k));
    }
    return q == p ? k : n - k;
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 via the boost {@code G(a+1)·U^{1/a}}. */
  static double gamma(double shape, RandomGenerator rng) {
    if (shape < 1) {
      return gamma(shape + 1, rng) * Math.pow(rng.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = rng.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rng.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  /** χ²(k) = 2·Gamma(k/2). */
  static double chiSquare(double k, RandomGenerator rng) {
    return 2 * gamma(k / 2, rng);
  }
}
