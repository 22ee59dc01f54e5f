package dev.align4j.optimizers.advantage;

import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * REINFORCE++ advantages (Hu 2025, "REINFORCE++: A Simple and Efficient Approach for Aligning Large Language
 * Models", arXiv:2501.03262): no critic, no group baseline; the per-token discounted reward-to-go
 *
 * <pre>
 *   G_t = Σ_{s ≥ t} γ^{s−t} r_s        (within the sequence; r_s = −β·KL_s, plus the score on the last token)
 * </pre>
 *
 * is normalised over all active tokens of the whole batch: A_t = (G_t − mean G)/sqrt(var G + 1e-8) (masked mean and
 * unbiased variance, {@link Whitening}). Default γ = 1 (the paper). Per-token rewards usually come from
 * {@code KlRewardShaping.tokenRewards} with k1 or k2. The result's {@code returns} are the raw G_t. Use the advantages
 * with {@code PpoLoss} (the paper keeps PPO's clipped surrogate).
 */
public final class ReinforcePlusPlusAdvantages {
  private final double gamma;
  private final boolean normalize;

  private ReinforcePlusPlusAdvantages(Builder b) {
    this.gamma = b.gamma;
    this.normalize = b.normalize;
  }

  /** A builder with the paper's defaults (γ = 1, batch normalisation on). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Computes the advantages.
   *
   * @param lengths tokens per sequence
   * @param tokenRewards per-token rewards (flat)
   * @param mask per-token weights in [0, 1] for the normalisation statistics, or null for all ones
   */
  public TokenAdvantages estimate(int[] lengths, double[] tokenRewards, double @Nullable [] mask) {
    int tokens = Lengths.check(lengths);
    Require.allFinite("tokenRewards", Require.nonNull("tokenRewards", tokenRewards));
    Lengths.requireTokens("tokenRewards", tokenRewards, tokens);
    if (mask != null) {
      Lengths.requireTokens("mask", mask, tokens);
    }
    double[] ret = new double[tokens];
    int end = tokens;
    for (int i = lengths.length - 1; i >= 0; i--) {
      int start = end - lengths[i];
      double next = 0.0;
      for (int t = end - 1; t >= start; t--) {
        next = tokenRewards[t] + gamma * next;
        ret[t] = next;
      }
      end = start;
    }
    double[] adv = normalize ? Whitening.whiten(ret, mask, true) : ret.clone();
    return new TokenAdvantages(adv, ret);
  }

  /** γ. */
  public double gamma() {
    return gamma;
  }

  @Override
  public String toString() {
    return "ReinforcePlusPlusAdvantages[gamma=" + gamma + ", normalize=" + normalize + "]";
  }

  /** Builds a {@link ReinforcePlusPlusAdvantages}. */
  public static final class Builder {
    private double gamma = 1.0;
    private boolean normalize = true;

    private Builder() {}

    /** The discount γ in [0, 1]; default 1. */
    public Builder gamma(double gamma) {
      this.gamma = Require.probability("gamma", gamma);
      return this;
    }

    /** Whether to normalise over the batch (the method's point); default true. */
    public Builder normalize(boolean normalize) {
      this.normalize = normalize;
      return this;
    }

    /** Builds the estimator. */
    public ReinforcePlusPlusAdvantages build() {
      return new ReinforcePlusPlusAdvantages(this);
    }
  }
}
