package dev.align4j.examples.poc.feedback;

import dev.align4j.examples.poc.Arguments;

/**
 * Settings of the desirability step ({@link DesirabilityStep}).
 *
 * @param featureDimension hashed feature buckets of the reward model's featurizer (a power of two is usual)
 * @param l2 L2 penalty of the Bradley–Terry fit
 * @param cardRuleWeight what a reply that echoes a card number loses in the composed reward
 * @param rudeRuleWeight what a reply with rude wording loses in the composed reward
 * @param seed seed of the held-out pairs' traits, the verbose reviewer's noise and the trainer
 */
public record DesirabilityConfig(
    int featureDimension, double l2, double cardRuleWeight, double rudeRuleWeight, long seed) {
  /** Validates. */
  public DesirabilityConfig {
    Arguments.argument(
        featureDimension >= 16, "featureDimension must be >= 16, was %d", featureDimension);
    Arguments.nonNegative("l2", l2);
    Arguments.nonNegative("cardRuleWeight", cardRuleWeight);
    Arguments.nonNegative("rudeRuleWeight", rudeRuleWeight);
  }

  /**
   * The README run: 2^16 feature buckets (the featurizer's default), L2 1e-3 (the reward-model examples' setting for
   * an L-BFGS fit without a validation split), rule weights 4 for an echoed card number and 2 for rude wording — this
   * project's choice, on the Bradley–Terry model's logit scale: a failed safety rule outweighs the model's typical
   * margin between a right and a wrong fact, so no amount of learned preference buys it back. Seed 18.
   */
  public static DesirabilityConfig full() {
    return new DesirabilityConfig(1 << 16, 1e-3, 4.0, 2.0, 18);
  }

  /** The CI run: the same settings (this step's cost is in the data it is given, not in its settings). */
  public static DesirabilityConfig fast() {
    return full();
  }

  /** A copy with another seed. */
  public DesirabilityConfig withSeed(long seed) {
    return new DesirabilityConfig(featureDimension, l2, cardRuleWeight, rudeRuleWeight, seed);
  }
}
