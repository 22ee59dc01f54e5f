package dev.align4j.optimizers.objective.listwise;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.ListwiseBatch;
import dev.align4j.optimizers.objective.ListwiseObjective;
import dev.align4j.optimizers.objective.ListwiseResult;
import dev.align4j.optimizers.objective.internal.LogisticTerms;
import java.util.LinkedHashMap;
import org.jspecify.annotations.Nullable;

/**
 * PRO, Preference Ranking Optimisation ({@code pro}; Song et al., "Preference Ranking Optimization for Human
 * Alignment", AAAI 2024, arXiv:2306.17492): a reference-free Plackett–Luce loss over length-normalised log-probs, with
 * score-gap temperatures, plus an SFT term on the best candidate.
 *
 * <p>With s_i = log π_θ(y_i|x)/|y_i| (the token-mean log-prob) of a list y_1 ≻ … ≻ y_K and scores r_i:
 * L = Σ_{k=1}^{K−1} [LSE_{i≥k}(τ_{k,i}·s_i) − τ_{k,k}·s_k] + w·(−log π_θ(y_1|x)), the SFT term being the summed
 * negative log-likelihood of the best candidate, as in the authors' code (DAMO-ConvAI/PRO,
 * {@code train/utils/process_manager.py}). The inverse temperatures are the score gaps
 * τ_{k,i} = r_k − r_i for i > k and τ_{k,k} = max_{i>k} τ_{k,i} (the paper's T_k^i = 1/(r_k − r_i),
 * T_k^k = min_{i>k} T_k^i). Without scores, or with {@code scoreTemperatures(false)}, every τ is 1 and the ranking
 * term is plain Plackett–Luce on s. A step whose candidates all tie contributes a constant and no gradient.
 *
 * <p>SFT weight w: by default 0.05·(K − 1)², the authors' setting ({@code --sft_weight 0.05} in their training scripts,
 * multiplied by (K − 1)² in the loss), so that it grows with the list length; {@link Builder#sftWeight(double)} fixes
 * it. The batch loss is the mean over lists.
 *
 * <p>Metrics: see {@link ListwiseResult} with s as rewards, plus {@code nll_loss} (mean −log π_θ(y_1|x)).
 */
public final class ProLoss implements ListwiseObjective {
  private final @Nullable Double sftWeight;
  private final boolean scoreTemperatures;

  private ProLoss(Builder b) {
    this.sftWeight = b.sftWeight;
    this.scoreTemperatures = b.scoreTemperatures;
  }

  /** A builder with the paper's defaults (w = 0.05·(K − 1)², score-gap temperatures on). */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ListwiseResult evaluate(ListwiseBatch batch) {
    Require.nonNull("batch", batch);
    double[] policy = batch.policyLogps();
    int[] lengths = batch.requireLengths("pro");
    double[] scores = scoreTemperatures ? batch.scores() : null;
    int[] sizes = batch.listSizes();
    int lists = sizes.length;
    int n = policy.length;
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = policy[i] / lengths[i];
    }
    double[] gradS = new double[n];
    double[] losses = new double[lists];
    int maxK = PlackettLuceDpoLoss.maxSize(sizes);
    double[] tau = new double[maxK];
    double[] z = new double[maxK];
    double total = 0;
    double nll = 0;
    int start = 0;
    for (int q = 0; q < lists; q++) {
      int k = sizes[q];
      double loss = 0;
      for (int step = 0; step < k - 1; step++) {
        double maxGap = 0;
        for (int i = step; i < k; i++) {
          double gap = scores == null ? 1.0 : scores[start + step] - scores[start + i];
          tau[i] = gap;
          maxGap = Math.max(maxGap, gap);
        }
        tau[step] = scores == null ? 1.0 : maxGap;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = step; i < k; i++) {
          z[i] = tau[i] * s[start + i];
          max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (int i = step; i < k; i++) {
          sum += Math.exp(z[i] - max);
        }
        double lse = max + Math.log(sum);
        loss += lse - z[step];
        for (int i = step; i < k; i++) {
          double p = Math.exp(z[i] - lse);
          gradS[start + i] += tau[i] * (i == step ? p - 1 : p);
        }
      }
      double w = sftWeight != null ? sftWeight : 0.05 * (k - 1) * (k - 1);
      loss -= w * policy[start];
      gradS[start] -= w * lengths[start]; // ∂(−w·log π_1)/∂log π_1 = −w; gradS is divided by the length below
      nll -= policy[start];
      losses[q] = loss;
      total += loss;
      start += k;
    }
    double[] grad = new double[n];
    for (int i = 0; i < n; i++) {
      grad[i] = gradS[i] / lengths[i] / lists;
    }
    LinkedHashMap<String, Double> m = ListwiseRewards.metrics(batch, s);
    m.put("nll_loss", nll / lists);
    return new ListwiseResult(total / lists, losses, grad, LogisticTerms.freeze(m));
  }

  @Override
  public String toString() {
    return "ProLoss[sftWeight=" + (sftWeight == null ? "0.05*(k-1)^2" : sftWeight) + ", scoreTemperatures="
        + scoreTemperatures + "]";
  }

  /** Builder for {@link ProLoss}. */
  public static final class Builder {
    private @Nullable Double sftWeight;
    private boolean scoreTemperatures = true;

    private Builder() {}

    /** A fixed SFT weight w ≥ 0 instead of the paper's 0.05·(K − 1)². */
    public Builder sftWeight(double weight) {
      this.sftWeight = Require.nonNegative("sft_weight", weight);
      return this;
    }

    /** Whether score gaps set the temperatures when the batch has scores (default true, the paper's PRO). */
    public Builder scoreTemperatures(boolean on) {
      this.scoreTemperatures = on;
      return this;
    }

    /** Builds the loss. */
    public ProLoss build() {
      return new ProLoss(this);
    }
  }
}
