package dev.align4j.optimizers.objective.listwise;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.ListwiseBatch;
import dev.align4j.optimizers.objective.ListwiseObjective;
import dev.align4j.optimizers.objective.ListwiseResult;
import dev.align4j.optimizers.objective.internal.LogisticTerms;
import java.util.LinkedHashMap;

/**
 * RRHF, Rank Responses to align Human Feedback ({@code rrhf}; Yuan et al., "RRHF: Rank Responses to Align Language
 * Models with Human Feedback without tears", NeurIPS 2023, arXiv:2304.05302): a reference-free ranking hinge on
 * length-normalised log-probs plus cross-entropy on the best response.
 *
 * <p>With p_i = log π_θ(y_i|x)/|y_i|^α (α = {@code length_penalty}, default 1: the token-mean log-prob) of a list in
 * preference order, L = ρ·Σ_{i≺j strictly} max(0, p_j − p_i) + w·(−log π_θ(y_1|x)/|y_1|), ρ = {@code rrhf_weight}:
 * every strictly worse candidate that scores higher than a better one is pushed down (tied labels make no pair), and
 * the best one is trained by the token-mean negative log-likelihood (the paper's L_ft; the authors' code also averages
 * it over tokens). The hinge has a kink where p_i = p_j; there the subgradient 0 is used. Defaults ρ = w = 1 (the
 * paper's L = L_rank + L_ft; the authors' code defaults to ρ = 100). The batch loss is the mean over lists.
 *
 * <p>Metrics: see {@link ListwiseResult} with p as rewards, plus {@code nll_loss}.
 */
public final class RrhfLoss implements ListwiseObjective {
  private final double rankWeight;
  private final double sftWeight;
  private final double lengthPenalty;

  private RrhfLoss(Builder b) {
    this.rankWeight = b.rankWeight;
    this.sftWeight = b.sftWeight;
    this.lengthPenalty = b.lengthPenalty;
  }

  /** A builder with the paper's defaults (sft weight 1, length penalty 1). */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ListwiseResult evaluate(ListwiseBatch batch) {
    Require.nonNull("batch", batch);
    double[] policy = batch.policyLogps();
    int[] lengths = batch.requireLengths("rrhf");
    int[] sizes = batch.listSizes();
    int lists = sizes.length;
    int n = policy.length;
    double[] p = new double[n];
    double[] norm = new double[n];
    for (int i = 0; i < n; i++) {
      norm[i] = lengthPenalty == 1.0 ? lengths[i] : Math.pow(lengths[i], lengthPenalty);
      p[i] = policy[i] / norm[i];
    }
    double[] grad = new double[n];
    double[] losses = new double[lists];
    double total = 0;
    double nll = 0;
    int start = 0;
    for (int q = 0; q < lists; q++) {
      int k = sizes[q];
      double loss = 0;
      for (int i = start; i < start + k; i++) {
        for (int j = i + 1; j < start + k; j++) {
          if (batch.strictlyBetter(i, j) && p[j] > p[i]) {
            loss += rankWeight * (p[j] - p[i]);
            grad[j] += rankWeight / norm[j];
            grad[i] -= rankWeight / norm[i];
          }
        }
      }
      double tokenMeanNll = -policy[start] / lengths[start];
      loss += sftWeight * tokenMeanNll;
      grad[start] -= sftWeight / lengths[start];
      nll += tokenMeanNll;
      losses[q] = loss;
      total += loss;
      start += k;
    }
    for (int i = 0; i < n; i++) {
      grad[i] /= lists;
    }
    LinkedHashMap<String, Double> m = ListwiseRewards.metrics(batch, p);
    m.put("nll_loss", nll / lists);
    return new ListwiseResult(total / lists, losses, grad, LogisticTerms.freeze(m));
  }

  @Override
  public String toString() {
    return "RrhfLoss[rankWeight=" + rankWeight + ", sftWeight=" + sftWeight + ", lengthPenalty=" + lengthPenalty + "]";
  }

  /** Builder for {@link RrhfLoss}. */
  public static final class Builder {
    private double rankWeight = 1.0;
    private double sftWeight = 1.0;
    private double lengthPenalty = 1.0;

    private Builder() {}

    /**
     * Weight ≥ 0 of the ranking term ({@code rrhf_weight} in the authors' code); default 1, the paper's
     * L = L_rank + L_ft. The authors' training code defaults to 100.
     */
    public Builder rankWeight(double weight) {
      this.rankWeight = Require.nonNegative("rrhf_weight", weight);
      return this;
    }

    /** Weight w ≥ 0 of the cross-entropy term on the best response; default 1. */
    public Builder sftWeight(double weight) {
      this.sftWeight = Require.nonNegative("sft_weight", weight);
      return this;
    }

    /** Exponent α ≥ 0 of the length normalisation |y|^α; default 1 (token mean), 0 = summed log-probs. */
    public Builder lengthPenalty(double alpha) {
      this.lengthPenalty = Require.nonNegative("length_penalty", alpha);
      return this;
    }

    /** Builds the loss. */
    public RrhfLoss build() {
      return new RrhfLoss(this);
    }
  }
}
