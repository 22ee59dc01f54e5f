package dev.align4j.rollout.sim;

import dev.align4j.core.check.Require;
import dev.align4j.rollout.stats.ArmSummary;
import java.util.random.RandomGenerator;

/**
 * How one arm's observations of one metric are generated in a simulation: a batch of {@code size} observations is
 * drawn directly as sufficient statistics (exactly distributed), so that simulating millions of observations costs a
 * few random numbers per batch.
 */
@FunctionalInterface
public interface ArmModel {

  /** Draws the summary of {@code size} fresh observations. */
  ArmSummary batch(int size, RandomGenerator rng);

  /** 0/1 observations with rate {@code p}: the event count is Binomial(size, p). */
  static ArmModel bernoulli(double p) {
    Require.probability("p", p);
    return (size, rng) -> ArmSummary.ofRate(Sampling.binomial(size, p, rng), size);
  }

  /**
   * Normal observations N(mean, sd²): the batch mean is N(mean, sd²/size) and the sum of squared deviations is
   * sd²·χ²(size − 1), drawn independently (Cochran's theorem).
   */
  static ArmModel normal(double mean, double sd) {
    Require.finite("mean", mean);
    Require.positive("sd", sd);
    return (size, rng) -> {
      if (size == 0) {
        return ArmSummary.EMPTY;
      }
      double m = mean + sd / Math.sqrt(size) * rng.nextGaussian();
      double m2 = size > 1 ? sd * sd * Sampling.chiSquare(size - 1, rng) : 0;
      return new ArmSummary(size, m, m2, 0);
    };
  }
}
