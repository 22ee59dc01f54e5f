package dev.align4j.optimizers.advantage;

/**
 * Per-token advantages and return targets of a ragged batch (flat arrays, sequence i owns {@code lengths[i]}
 * consecutive tokens): the output of {@link GaeEstimator} and {@link ReinforcePlusPlusAdvantages}. Feed
 * {@code advantages} to {@code PolicyGradientBatch.Builder.advantages} and {@code returns} to its value targets.
 *
 * @param advantages per-token advantages
 * @param returns per-token return targets (GAE: advantage + value; REINFORCE++: discounted reward-to-go)
 */
public record TokenAdvantages(double[] advantages, double[] returns) {

  @Override
  public String toString() {
    return "TokenAdvantages[tokens=" + advantages.length + "]";
  }
}
