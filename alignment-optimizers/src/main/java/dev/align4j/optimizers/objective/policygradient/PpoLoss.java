package dev.align4j.optimizers.objective.policygradient;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.PolicyGradientResult;

/**
 * Proximal Policy Optimization's clipped surrogate with a clipped value loss (Schulman et al. 2017,
 * arXiv:1707.06347), as TRL's {@code PPOTrainer} computes it on per-token log-probabilities:
 *
 * <pre>
 *   ρ_t  = exp(logπθ_t − logπold_t)
 *   pg   = masked_mean_t max(−A_t·ρ_t, −A_t·clip(ρ_t, 1 − c, 1 + c))
 *   vf   = ½ · masked_mean_t max((V_t − G_t)², (clip(V_t, Vold_t − c_v, Vold_t + c_v) − G_t)²)
 *   loss = pg + vf_coef · vf
 * </pre>
 *
 * where A are the (usually whitened GAE) advantages, V the value predictions, G the returns and masked_mean the mean
 * over all active tokens of the batch: Σ_t m_t·x_t / Σ_t m_t with the batch's mask m. The value loss uses the same
 * mask and the same normaliser as the policy loss, so a token with weight 0 trains neither the policy nor the value
 * head, and a fractional weight scales both terms. (TRL's value mask reaches one position past the last completion
 * token, where TRL's PPO puts the score; align4j puts the score on the last token, see {@code KlRewardShaping}, so
 * one mask serves both.) The KL penalty of RLHF-PPO lives in the rewards (see
 * {@code dev.align4j.optimizers.kl}), not here. With {@code vf_coef = 0} the batch needs no values.
 *
 * <p>Defaults are TRL's {@code PPOConfig}: {@code cliprange} c = 0.2, {@code cliprange_value} c_v = 0.2,
 * {@code vf_coef} = 0.1. Gradients are exact: {@code gradLogProbs} with respect to logπθ and {@code gradValues} with
 * respect to V. Metrics (TRL names): {@code loss/policy_avg}, {@code loss/value_avg} (vf before vf_coef),
 * {@code policy/clipfrac_avg}, {@code val/clipfrac_avg}, {@code policy/approxkl_avg} (½·mean (logπθ − logπold)²),
 * {@code val/ratio} (mean ρ), {@code policy/entropy_avg} when the batch has entropies.
 */
public final class PpoLoss implements PolicyGradientObjective {
  private final double cliprange;
  private final double cliprangeValue;
  private final double vfCoef;
  private final PolicyGradientKernel kernel;

  private PpoLoss(Builder b) {
    this.cliprange = b.cliprange;
    this.cliprangeValue = b.cliprangeValue;
    this.vfCoef = b.vfCoef;
    this.kernel = new PolicyGradientKernel(
        PolicyGradientKernel.Surrogate.CLIP,
        PolicyGradientKernel.RatioLevel.TOKEN,
        PolicyGradientKernel.Aggregation.TOKEN_MEAN,
        PolicyGradientKernel.MetricStyle.PPO,
        cliprange,
        cliprange,
        Double.NaN,
        1.0,
        1.0,
        0.0,
        false,
        1,
        Double.NaN,
        vfCoef,
        cliprangeValue);
  }

  /** A builder with TRL's PPOConfig defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public PolicyGradientResult evaluate(PolicyGradientBatch batch) {
    return kernel.evaluate(batch);
  }

  /** Evaluates with ({@code true}) or without ({@code false}) the Vector API loop; for tests of both paths. */
  PolicyGradientResult evaluate(PolicyGradientBatch batch, boolean allowVector) {
    return kernel.evaluate(batch, allowVector);
  }

  /** The policy clip range c. */
  public double cliprange() {
    return cliprange;
  }

  /** The value clip range c_v. */
  public double cliprangeValue() {
    return cliprangeValue;
  }

  /** The weight of the value loss. */
  public double vfCoef() {
    return vfCoef;
  }

  @Override
  public String toString() {
    return "PpoLoss[cliprange=" + cliprange + ", cliprange_value=" + cliprangeValue + ", vf_coef=" + vfCoef + "]";
  }

  /** Builds a {@link PpoLoss}; every setter validates its argument. */
  public static final class Builder {
    private double cliprange = 0.2;
    private double cliprangeValue = 0.2;
    private double vfCoef = 0.1;

    private Builder() {}

    /** TRL's {@code cliprange}, in [0, 1]; default 0.2. */
    public Builder cliprange(double cliprange) {
      this.cliprange = Require.inClosedRange("cliprange", cliprange, 0.0, 1.0);
      return this;
    }

    /**
     * TRL's {@code cliprange_value} (&gt; 0; {@code Double.POSITIVE_INFINITY} turns value clipping off); default 0.2.
     */
    public Builder cliprangeValue(double cliprangeValue) {
      if (!(cliprangeValue > 0)) {
        throw new IllegalArgumentException("cliprange_value must be > 0, was " + cliprangeValue);
      }
      this.cliprangeValue = cliprangeValue;
      return this;
    }

    /** TRL's {@code vf_coef} (≥ 0; 0 = no value loss, no values needed); default 0.1. */
    public Builder vfCoef(double vfCoef) {
      this.vfCoef = Require.nonNegative("vf_coef", vfCoef);
      return this;
    }

    /** Builds the loss. */
    public PpoLoss build() {
      return new PpoLoss(this);
    }
  }
}
