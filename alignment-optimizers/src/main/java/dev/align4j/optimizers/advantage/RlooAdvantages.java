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
      Require.argument(
          adv.length >= 2, "normalize_advantages needs at least 2 samples, had %d", adv.length);
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

  /**
   * The leave-one-out advantages with some samples left out: samples whose reward model abstained ("could not score",
   * not a 0) are neither baselines nor baselined. Per group with scored members S (|S| = m): for i in S,
   * {@code A_i = R_i − (Σ_{j∈S} R_j − R_i) / (m − 1)} when m ≥ 2; A_i = 0 when m = 1 (no other sample to compare
   * with) or S is constant; an abstained sample gets A = 0 (the optimiser also leaves it out of the loss). With
   * {@code normalizeAdvantages} the z-score runs over the scored samples only. With every sample scored the result is
   * exactly {@link #compute(double[], int)}'s.
   *
   * @param rewards finite rewards where scored (ignored, may be NaN, where abstained), in groups of {@code groupSize}
   * @param scored {@code scored[i]} is false when sample i's reward model abstained
   * @param groupSize G ≥ 2
   */
  public double[] compute(double[] rewards, boolean[] scored, int groupSize) {
    Require.nonNull("rewards", rewards);
    Require.nonNull("scored", scored);
    Require.sameLength("rewards", rewards.length, "scored", scored.length);
    double[] filled = rewards.clone();
    boolean all = true;
    for (int i = 0; i < filled.length; i++) {
      if (!scored[i]) {
        filled[i] = 0.0;
        all = false;
      }
    }
    if (all) {
      return compute(rewards, groupSize);
    }
    int groups = Lengths.groups("rewards", filled, groupSize, 2);
    double[] adv = new double[filled.length];
    int count = 0;
    for (int g = 0; g < groups; g++) {
      double sum = 0;
      int m = 0;
      double first = Double.NaN;
      boolean constant = true;
      for (int j = g * groupSize; j < (g + 1) * groupSize; j++) {
        if (scored[j]) {
          sum += filled[j];
          m++;
          if (Double.isNaN(first)) {
            first = filled[j];
          } else if (filled[j] != first) {
            constant = false;
          }
        }
      }
      count += m;
      if (m < 2 || constant) {
        continue;
      }
      for (int j = g * groupSize; j < (g + 1) * groupSize; j++) {
        if (scored[j]) {
          adv[j] = filled[j] - (sum - filled[j]) / (m - 1);
        }
      }
    }
    if (normalizeAdvantages && count >= 2) {
      double sum = 0;
      for (int j = 0; j < adv.length; j++) {
        if (scored[j]) {
          sum += adv[j];
        }
      }
      double mean = sum / count;
      double ss = 0;
      for (int j = 0; j < adv.length; j++) {
        if (scored[j]) {
          ss += (adv[j] - mean) * (adv[j] - mean);
        }
      }
      double std = Math.sqrt(ss / (count - 1));
      for (int j = 0; j < adv.length; j++) {
        if (scored[j]) {
          adv[j] = (adv[j] - mean) / (std + epsilon);
        }
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
