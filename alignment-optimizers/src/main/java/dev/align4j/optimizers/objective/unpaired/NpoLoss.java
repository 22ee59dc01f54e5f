package dev.align4j.optimizers.objective.unpaired;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.UnpairedBatch;
import dev.align4j.optimizers.objective.UnpairedObjective;
import dev.align4j.optimizers.objective.UnpairedResult;
import dev.align4j.optimizers.objective.internal.LogisticTerms;
import java.util.LinkedHashMap;

/**
 * NPO, Negative Preference Optimisation (Zhang et al., "Negative Preference Optimization: From Catastrophic Collapse
 * to Effective Unlearning", 2024, arXiv:2404.05868): DPO without the positive term, trained on undesirable
 * completions only.
 *
 * <p>Per example, with ℓ = log π_θ(y|x) − log π_ref(y|x) (summed log-probs): L = (2/β)·log(1 + (π_θ/π_ref)^β) =
 * (2/β)·softplus(β·ℓ); ∂L/∂ℓ = 2·σ(βℓ). As β → 0, L − (2 ln 2)/β → ℓ and the gradient weight 2σ(βℓ) → 1: NPO reduces
 * to gradient ascent on the negatives' log-likelihood (paper §4). For β > 0 the weight 2σ(βℓ) vanishes as the policy
 * moves away from the negative, which is what avoids the collapse of plain gradient ascent. The batch loss is the
 * mean.
 *
 * <p>Every example of the batch must be undesirable ({@link UnpairedBatch#negatives}); a desirable one is an error
 * naming its index (NPO defines no loss for it; combine NPO with your own retain loss instead). TRL has no NPO, so
 * the registry name is the paper's, {@code npo}. Default β = 0.1, the value of the paper's unlearning experiments.
 *
 * <p>Metrics: {@code rewards/rejected} (mean β·ℓ), {@code logps/rejected}.
 */
public final class NpoLoss implements UnpairedObjective {
  private final double beta;

  private NpoLoss(double beta) {
    this.beta = beta;
  }

  /** A builder with the default β = 0.1. */
  public static Builder builder() {
    return new Builder();
  }

  /** β. */
  public double beta() {
    return beta;
  }

  @Override
  public UnpairedResult evaluate(UnpairedBatch batch) {
    Require.nonNull("batch", batch);
    double[] policy = batch.policyLogps();
    double[] reference = batch.requireReference("npo");
    boolean[] desirable = batch.desirable();
    int n = policy.length;
    double[] losses = new double[n];
    double[] grad = new double[n];
    double sumLoss = 0;
    double sumR = 0;
    double sumL = 0;
    for (int i = 0; i < n; i++) {
      if (desirable[i]) {
        throw new IllegalArgumentException(
            "desirable[" + i + "] must be false for loss_type \"npo\" (negatives only), was true");
      }
      double ratio = policy[i] - reference[i];
      double x = beta * ratio;
      losses[i] = 2.0 / beta * StableMath.softplus(x);
      grad[i] = 2.0 * StableMath.sigmoid(x) / n;
      sumLoss += losses[i];
      sumR += x;
      sumL += policy[i];
    }
    LinkedHashMap<String, Double> m = new LinkedHashMap<>();
    m.put("rewards/rejected", sumR / n);
    m.put("logps/rejected", sumL / n);
    return new UnpairedResult(sumLoss / n, losses, grad, LogisticTerms.freeze(m));
  }

  @Override
  public String toString() {
    return "NpoLoss[beta=" + beta + "]";
  }

  /** Builder for {@link NpoLoss}. */
  public static final class Builder {
    private double beta = 0.1;

    private Builder() {}

    /** β > 0; default 0.1 (NPO paper). */
    public Builder beta(double beta) {
      this.beta = Require.positive("beta", beta);
      return this;
    }

    /** Builds the loss. */
    public NpoLoss build() {
      return new NpoLoss(beta);
    }
  }
}
