package dev.align4j.optimizers.advantage;

import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * Generalized Advantage Estimation (Schulman et al. 2016, "High-Dimensional Continuous Control Using Generalized
 * Advantage Estimation", arXiv:1506.02438) over the tokens of each sequence:
 *
 * <pre>
 *   δ_t = r_t + γ·V_{t+1} − V_t          (V after the last token = the bootstrap value, 0 for a finished sequence)
 *   A_t = δ_t + γλ·A_{t+1}               (A after the last token = 0)
 *   G_t = A_t + V_t                      (the value targets, TRL's "returns")
 * </pre>
 *
 * λ = 1 gives the Monte-Carlo return minus the value; λ = 0 the one-step TD error. Defaults are TRL's
 * {@code PPOConfig}: γ = 1.0, λ = 0.95. TRL then whitens the advantages ({@link Whitening#whiten}, shiftMean true);
 * this estimator returns them raw. Per-token rewards usually come from {@code KlRewardShaping.tokenRewards}.
 */
public final class GaeEstimator {
  private final double gamma;
  private final double lambda;

  private GaeEstimator(Builder b) {
    this.gamma = b.gamma;
    this.lambda = b.lambda;
  }

  /** A builder with TRL's defaults (γ = 1, λ = 0.95). */
  public static Builder builder() {
    return new Builder();
  }

  /** GAE for finished sequences (no bootstrap). */
  public TokenAdvantages estimate(int[] lengths, double[] rewards, double[] values) {
    return estimate(lengths, rewards, values, null);
  }

  /**
   * GAE with a bootstrap value per sequence (the value of the state after its last token, for truncated rollouts).
   *
   * @param lengths tokens per sequence (≥ 0)
   * @param rewards per-token rewards (flat)
   * @param values per-token value predictions V_t (flat)
   * @param bootstrapValues one value per sequence, or null for 0 (finished sequences)
   */
  public TokenAdvantages estimate(
      int[] lengths, double[] rewards, double[] values, double @Nullable [] bootstrapValues) {
    int tokens = Lengths.check(lengths);
    Require.allFinite("rewards", Require.nonNull("rewards", rewards));
    Require.allFinite("values", Require.nonNull("values", values));
    Lengths.requireTokens("rewards", rewards, tokens);
    Lengths.requireTokens("values", values, tokens);
    if (bootstrapValues != null) {
      Require.allFinite("bootstrapValues", bootstrapValues);
      Require.sameLength("bootstrapValues", bootstrapValues.length, "lengths", lengths.length);
    }
    double[] adv = new double[tokens];
    double[] ret = new double[tokens];
    double gl = gamma * lambda;
    int end = tokens;
    for (int i = lengths.length - 1; i >= 0; i--) {
      int start = end - lengths[i];
      double nextValue = bootstrapValues == null ? 0.0 : bootstrapValues[i];
      double nextAdvantage = 0.0;
      for (int t = end - 1; t >= start; t--) {
        double delta = rewards[t] + gamma * nextValue - values[t];
        nextAdvantage = delta + gl * nextAdvantage;
        adv[t] = nextAdvantage;
        ret[t] = nextAdvantage + values[t];
        nextValue = values[t];
      }
      end = start;
    }
    return new TokenAdvantages(adv, ret);
  }

  /** γ. */
  public double gamma() {
    return gamma;
  }

  /** λ. */
  public double lambda() {
    return lambda;
  }

  @Override
  public String toString() {
    return "GaeEstimator[gamma=" + gamma + ", lambda=" + lambda + "]";
  }

  /** Builds a {@link GaeEstimator}. */
  public static final class Builder {
    private double gamma = 1.0;
    private double lambda = 0.95;

    private Builder() {}

    /** The discount γ in [0, 1]; default 1.0 (TRL). */
    public Builder gamma(double gamma) {
      this.gamma = Require.probability("gamma", gamma);
      return this;
    }

    /** The GAE λ in [0, 1]; default 0.95 (TRL). */
    public Builder lambda(double lambda) {
      this.lambda = Require.probability("lambda", lambda);
      return this;
    }

    /** Builds the estimator. */
    public GaeEstimator build() {
      return new GaeEstimator(this);
    }
  }
}
