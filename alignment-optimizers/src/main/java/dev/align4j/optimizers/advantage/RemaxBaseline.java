package dev.align4j.optimizers.advantage;

import dev.align4j.core.check.Require;

/**
 * ReMax advantages (Li et al. 2023, "ReMax: A Simple, Effective, and Efficient Reinforcement Learning Method for
 * Aligning Large Language Models", arXiv:2310.10505): REINFORCE with the reward of the greedy completion of the same
 * prompt as the baseline,
 *
 * <pre>
 *   A_i = r(x, y_i) − r(x, ŷ),   ŷ = argmax decoding of x
 * </pre>
 *
 * one value per sampled sequence (broadcast to its tokens with {@code sequenceAdvantages}). Stateless; no
 * hyper-parameters.
 */
public final class RemaxBaseline {
  private RemaxBaseline() {}

  /**
   * One sampled completion per prompt.
   *
   * @param sampledRewards rewards of the sampled completions
   * @param greedyRewards rewards of the greedy completions of the same prompts
   */
  public static double[] advantages(double[] sampledRewards, double[] greedyRewards) {
    Require.allFinite("sampledRewards", Require.nonNull("sampledRewards", sampledRewards));
    Require.allFinite("greedyRewards", Require.nonNull("greedyRewards", greedyRewards));
    Require.sameLength("sampledRewards", sampledRewards.length, "greedyRewards", greedyRewards.length);
    double[] out = new double[sampledRewards.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = sampledRewards[i] - greedyRewards[i];
    }
    return out;
  }

  /**
   * Several sampled completions per prompt sharing one greedy baseline: sample j belongs to prompt
   * j / samplesPerPrompt.
   *
   * @param sampledRewards rewards of the samples, in consecutive groups of {@code samplesPerPrompt}
   * @param greedyRewards one greedy reward per prompt
   */
  public static double[] advantages(double[] sampledRewards, double[] greedyRewards, int samplesPerPrompt) {
    int prompts = Lengths.groups("sampledRewards", sampledRewards, samplesPerPrompt, 1);
    Require.allFinite("greedyRewards", Require.nonNull("greedyRewards", greedyRewards));
    if (greedyRewards.length != prompts) {
      throw new IllegalArgumentException("greedyRewards must hold one reward per prompt (" + prompts + "), had "
          + greedyRewards.length);
    }
    double[] out = new double[sampledRewards.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = sampledRewards[j] - greedyRewards[j / samplesPerPrompt];
    }
    return out;
  }
}
