package dev.align4j.rewards.normalize;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;

/**
 * Per-prompt group normalisation of rewards (GRPO; Shao et al., "DeepSeekMath", 2024): for the G completions of one
 * prompt, {@code A_i = (r_i − mean(r)) / (std(r) + ε)}, or only {@code r_i − mean(r)} when scaling is off (Dr. GRPO,
 * Liu et al. 2025). Defaults follow TRL's {@code GRPOTrainer}: the sample standard deviation (divisor G − 1, torch's
 * default), ε = 1e-4, scaling on. A group of one completion normalises to 0.
 */
public final class GroupNormalizer {
  private final boolean scaleByStd;
  private final double epsilon;

  private GroupNormalizer(boolean scaleByStd, double epsilon) {
    this.scaleByStd = scaleByStd;
    this.epsilon = Require.positive("epsilon", epsilon);
  }

  /** TRL's defaults: scale by the sample std, ε = 1e-4. */
  public static GroupNormalizer standard() {
    return new GroupNormalizer(true, 1e-4);
  }

  /** Centring only (no division by the std). */
  public static GroupNormalizer centerOnly() {
    return new GroupNormalizer(false, 1e-4);
  }

  /** A normaliser with the given settings. */
  public static GroupNormalizer of(boolean scaleByStd, double epsilon) {
    return new GroupNormalizer(scaleByStd, epsilon);
  }

  /** The normalised rewards of one group (a new array). */
  public double[] normalize(double[] groupRewards) {
    Require.allFinite("groupRewards", Require.nonNull("groupRewards", groupRewards));
    Require.positive("groupRewards.length", groupRewards.length);
    int g = groupRewards.length;
    double mean = 0;
    for (double r : groupRewards) {
      mean += r;
    }
    mean /= g;
    double std = 0;
    if (g > 1) {
      for (double r : groupRewards) {
        std += (r - mean) * (r - mean);
      }
      std = Math.sqrt(std / (g - 1));
    }
    double[] out = new double[g];
    for (int i = 0; i < g; i++) {
      out[i] = scaleByStd ? (groupRewards[i] - mean) / (std + epsilon) : groupRewards[i] - mean;
    }
    return out;
  }

  /** Scores the completions of one prompt with {@code reward} and normalises them as a group. */
  public double[] scoreGroup(RewardModel reward, Prompt prompt, List<Completion> completions) {
    Require.nonNull("reward", reward);
    Require.nonEmpty("completions", completions);
    return normalize(reward.scoreAll(prompt, completions));
  }
}
