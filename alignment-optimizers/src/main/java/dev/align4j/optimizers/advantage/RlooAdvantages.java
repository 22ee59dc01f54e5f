package dev.align4j.optimizers.advantage;

import dev.align4j.core.check.Require;

/**
 * REINFORCE Leave-One-Out advantages (Kool et al. 2019, "Buy 4 REINFORCE Samples, Get a Baseline for Free!";
 * Ahmadian et al. 2024, "Back to Basics", arXiv:2402.14740), as TRL's {@code RLOOTrainer}: within each group of G
 * completions of one prompt, the baseline of sample i is the mean reward of the other G − 1 samples,
 *
 * <pre>
 *   A_i = R_i − (Σ_{j∈g} R_j − R_i) / (G − 1)  =  G/(G − 1) · (R_i − mean_g R)
 * </pre>
 *
 * With {@code normalizeAdvantages} (TRL's {@code normalize_advantages}, default false) the advantages are then
 * z-scored over the whole batch: (A − mean A)/(std A + 1e-4), unbiased std. KL-penalised rewards (TRL's default
 * β = 0.05 with k1) come from {@code KlRewardShaping.sequenceRewards}. A group of identical rewards gets exactly 0.
 */
public final class RlooAdvantages {
  private final boolean normalizeAdvantages;
  private final double epsilon;

  private RlooAdvantages(Builder b) {
    this.normalizeAdvantages = b.normalizeAdvantages;
    this.epsilon = b.epsilon;
  }

  /** A builder with TRL's defaults (no normalisation, ε = 1e-4). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The leave-one-out advantages, one per sample.
   *
   * @param rewards finite rewards in consecutive groups of {@code groupSize}
   * @param groupSize G ≥ 2 (TRL's {@code num_generations}, default 2)
   */
  public double[] compute(double[] rewards, int groupSize) {
    int groups = Lengths.groups("rewards", rewards, groupSize, 2);
    double[] adv = new double[rewards.length];
    for (int g = 0; g < groups; g++) {
      int from = g * groupSize;
      if (Lengths.constant(rewards, from, groupSize)) {
        continue;
      }
      double sum = 0;
      for (int j = from; j < from + groupSize; j++) {
        sum += rewards[j];
      }
      for (int j = from; j < from + groupSize; j++) {
        adv[j] = rewards[j] - (sum - rewards[j]) / (groupSize - 1);
      }
    }
    if (normalizeAdvantages) {
      Require.argument(adv.length >= 2, "normalize_advantages needs at least 2 samples, had %d", adv.length);
      double sum = 0;
      for (double a : adv) {
        sum += a;
      }
      double mean = sum / adv.length;
      double std = GroupNormalizedAdvantages.unbiasedStd(adv);
      for (int j = 0; j < adv.length; j++) {
        adv[j] = (adv[j] - mean) / (std + epsilon);
      }
    }
    return adv;
  }

  /** Whether the advantages are z-scored over the batch. */
  public boolean normalizeAdvantages() {
    return normalizeAdvantages;
  }

  @Override
  public String toString() {
    return "RlooAdvantages[normalize_advantages=" + normalizeAdvantages + "]";
  }

  /** Builds an {@link RlooAdvantages}. */
  public static final class Builder {
    private boolean normalizeAdvantages;
    private double epsilon = 1e-4;

    private Builder() {}

    /** TRL's {@code normalize_advantages}; default false. */
    public Builder normalizeAdvantages(boolean normalizeAdvantages) {
      this.normalizeAdvantages = normalizeAdvantages;
      return this;
    }

    /** The ε added to the std when normalising (&gt; 0); default 1e-4 (TRL). */
    public Builder epsilon(double epsilon) {
      this.epsilon = Require.positive("epsilon", epsilon);
      return this;
    }

    /** Builds the estimator. */
    public RlooAdvantages build() {
      return new RlooAdvantages(this);
    }
  }
}
