package dev.align4j.rewards.ensemble;

import dev.align4j.core.check.Require;
import dev.align4j.rewards.feature.FeatureVector;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * A fixed random prior function over features (Osband et al. 2018, "Randomized Prior Functions for Deep
 * Reinforcement Learning", NeurIPS): {@code p(x) = β · (u·x) / ‖x‖} with {@code u_j ~ N(0, 1)} drawn once from a
 * seeded generator ({@code p(0) = 0}). On any non-zero input p(x) is normal with mean 0 and standard deviation β over
 * the draw of u, whatever the input's length: dividing by ‖x‖ keeps the prior's disagreement from growing with the
 * number of tokens, so an ensemble's σ does not turn into a length penalty. Immutable and thread-safe.
 */
public final class RandomPrior implements ToDoubleFunction<FeatureVector> {
  private final float[] direction;
  private final double scale;

  private RandomPrior(float[] direction, double scale) {
    this.direction = direction;
    this.scale = scale;
  }

  /**
   * Draws a prior.
   *
   * @param dimension the feature dimension, &gt; 0
   * @param scale β ≥ 0, the prior's standard deviation in reward units
   * @param random the generator u is drawn from
   */
  public static RandomPrior draw(int dimension, double scale, RandomGenerator random) {
    Require.positive("dimension", dimension);
    Require.nonNegative("scale", Require.finite("scale", scale));
    Require.nonNull("random", random);
    float[] u = new float[dimension];
    for (int j = 0; j < dimension; j++) {
      u[j] = (float) random.nextGaussian();
    }
    return new RandomPrior(u, scale);
  }

  /** The feature dimension. */
  public int dimension() {
    return direction.length;
  }

  /** β. */
  public double scale() {
    return scale;
  }

  @Override
  public double applyAsDouble(FeatureVector x) {
    Require.argument(
        x.dimension() == direction.length,
        "x.dimension() must be %d (the prior's), was %d",
        direction.length,
        x.dimension());
    double sq = x.squaredNorm();
    return sq == 0 || scale == 0 ? 0.0 : scale * x.dot(direction, 0) / Math.sqrt(sq);
  }

  @Override
  public String toString() {
    return "RandomPrior[dimension=" + direction.length + ", scale=" + scale + "]";
  }
}
