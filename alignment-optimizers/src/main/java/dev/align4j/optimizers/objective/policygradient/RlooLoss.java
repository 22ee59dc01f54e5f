package dev.align4j.optimizers.objective.policygradient;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import org.jspecify.annotations.Nullable;

/**
 * The policy loss of TRL's {@code RLOOTrainer} (REINFORCE Leave-One-Out, Ahmadian et al. 2024, arXiv:2402.14740,
 * with TRL's PPO-style clip): one importance ratio per sequence from the <em>summed</em> token log-ratio, one
 * advantage per sequence (leave-one-out, see {@code dev.align4j.optimizers.advantage.RlooAdvantages}), and the mean
 * over sequences:
 *
 * <pre>
 *   ρ_i  = exp(Σ_t m·(logπθ_t − logπold_t))
 *   loss = mean_i −min(ρ_i·A_i, clip(ρ_i, 1 − ε, 1 + ε_high)·A_i)
 * </pre>
 *
 * The advantage used for sequence i is the one on its tokens (constant with
 * {@link PolicyGradientBatch.Builder#sequenceAdvantages(double[])}). With on-policy data (ρ = 1) the gradient is
 * REINFORCE's with the leave-one-out baseline. RLOO's KL penalty is in the reward, not in this loss. Defaults are
 * TRL's {@code RLOOConfig}: ε = 0.2, ε_high = ε. A sequence without active tokens contributes 0 (TRL would count
 * −A_i at ratio 1; such a sequence carries no gradient either way). Metrics: {@code clip_ratio/*} as in
 * {@link GrpoLoss}.
 *
 * <p><b>Fractional mask weights</b> (TRL's masks are 0/1; align4j accepts weights in [0, 1]): a weight m_t scales token
 * t's log-ratio inside the sum that forms ρ_i, and sequence i's term is scaled by its mask sum when that sum is below
 * 1, that is loss = mean_i min(1, Σ_t m_t)·(−min(ρ_i·A_i, clip(ρ_i, 1 − ε, 1 + ε_high)·A_i)) (the sequence mean
 * divides each sequence's masked token sum by max(Σ_t m_t, 1)). With 0/1 masks this is TRL's loss.
 */
public final class RlooLoss implements PolicyGradientObjective {
  private final double epsilon;
  private final double epsilonHigh;
  private final PolicyGradientKernel kernel;

  private RlooLoss(Builder b) {
    this.epsilon = b.epsilon;
    this.epsilonHigh = b.epsilonHigh == null ? b.epsilon : b.epsilonHigh;
    this.kernel = new PolicyGradientKernel(
        PolicyGradientKernel.Surrogate.CLIP,
        PolicyGradientKernel.RatioLevel.SEQUENCE_SUM,
        PolicyGradientKernel.Aggregation.SEQUENCE_MEAN,
        PolicyGradientKernel.MetricStyle.GRPO,
        epsilon,
        epsilonHigh,
        Double.NaN,
        1.0,
        1.0,
        0.0,
        false,
        1,
        Double.NaN,
        0.0,
        Double.POSITIVE_INFINITY);
  }

  /** A builder with TRL's RLOOConfig defaults. */
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

  /** ε. */
  public double epsilon() {
    return epsilon;
  }

  /** ε_high. */
  public double epsilonHigh() {
    return epsilonHigh;
  }

  @Override
  public String toString() {
    return "RlooLoss[epsilon=" + epsilon + ", epsilon_high=" + epsilonHigh + "]";
  }

  /** Builds an {@link RlooLoss}. */
  public static final class Builder {
    private double epsilon = 0.2;
    private @Nullable Double epsilonHigh;

    private Builder() {}

    /** TRL's {@code epsilon}, in [0, 1]; default 0.2. */
    public Builder epsilon(double epsilon) {
      this.epsilon = Require.inClosedRange("epsilon", epsilon, 0.0, 1.0);
      return this;
    }

    /** TRL's {@code epsilon_high} (≥ 0); default: equal to epsilon. */
    public Builder epsilonHigh(double epsilonHigh) {
      this.epsilonHigh = Require.nonNegative("epsilon_high", epsilonHigh);
      return this;
    }

    /** Builds the loss. */
    public RlooLoss build() {
      return new RlooLoss(this);
    }
  }
}
