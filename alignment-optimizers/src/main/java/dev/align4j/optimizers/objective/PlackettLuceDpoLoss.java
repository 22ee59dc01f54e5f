package dev.align4j.optimizers.objective;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import java.util.LinkedHashMap;

/**
 * Plackett–Luce DPO ({@code dpo_pl}): DPO for rankings of k ≥ 2 completions (Rafailov et al., "Direct Preference
 * Optimization", 2023, arXiv:2305.18290, §5 and Appendix A.3, Eq. 18).
 *
 * <p>With the implicit rewards s_j = β·(log π_θ(y_j|x) − log π_ref(y_j|x)) (summed log-probs) of a list in preference
 * order y_1 ≻ … ≻ y_K, the loss is the negative Plackett–Luce log-likelihood of that order:
 * L = −Σ_{k=1}^{K} log[ exp(s_k) / Σ_{j≥k} exp(s_j) ] = Σ_k (LSE_{j≥k} s_j − s_k), computed with suffix log-sum-exps.
 * Its gradient is ∂L/∂s_j = Σ_{k≤j} exp(s_j − LSE_{i≥k} s_i) − 1, evaluated in O(K) per list. For K = 2 it is exactly
 * sigmoid DPO, −logσ(s_1 − s_2). The batch loss is the mean over lists. The order alone is used: graded scores, if
 * the batch has them, do not change this loss (ties keep their listed order).
 *
 * <p>Metrics: see {@link ListwiseResult}, with the implicit rewards s as rewards. Default β = 0.1 (TRL's DPO default).
 */
public final class PlackettLuceDpoLoss implements ListwiseObjective {
  private final double beta;

  private PlackettLuceDpoLoss(double beta) {
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
  public ListwiseResult evaluate(ListwiseBatch batch) {
    Require.nonNull("batch", batch);
    double[] policy = batch.policyLogps();
    double[] reference = batch.requireReference("dpo_pl");
    int[] sizes = batch.listSizes();
    int lists = sizes.length;
    int n = policy.length;
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = beta * (policy[i] - reference[i]);
    }
    double[] grad = new double[n];
    double[] losses = new double[lists];
    double[] suffix = new double[maxSize(sizes)];
    double scale = beta / lists;
    double total = 0;
    int start = 0;
    for (int q = 0; q < lists; q++) {
      int k = sizes[q];
      suffix[k - 1] = s[start + k - 1];
      for (int j = k - 2; j >= 0; j--) {
        suffix[j] = StableMath.logAddExp(s[start + j], suffix[j + 1]);
      }
      double loss = 0;
      double logA = Double.NEGATIVE_INFINITY; // log Σ_{k'≤j} exp(−S_k')
      for (int j = 0; j < k; j++) {
        double sj = s[start + j];
        loss += suffix[j] - sj;
        logA = StableMath.logAddExp(logA, -suffix[j]);
        grad[start + j] = scale * Math.expm1(sj + logA);
      }
      losses[q] = loss;
      total += loss;
      start += k;
    }
    LinkedHashMap<String, Double> m = ListwiseRewards.metrics(batch, s);
    return new ListwiseResult(total / lists, losses, grad, LogisticTerms.freeze(m));
  }

  static int maxSize(int[] sizes) {
    int max = 0;
    for (int size : sizes) {
      max = Math.max(max, size);
    }
    return max;
  }

  @Override
  public String toString() {
    return "PlackettLuceDpoLoss[beta=" + beta + "]";
  }

  /** Builder for {@link PlackettLuceDpoLoss}. */
  public static final class Builder {
    private double beta = 0.1;

    private Builder() {}

    /** β > 0; default 0.1 (TRL's DPO default). */
    public Builder beta(double beta) {
      this.beta = Require.positive("beta", beta);
      return this;
    }

    /** Builds the loss. */
    public PlackettLuceDpoLoss build() {
      return new PlackettLuceDpoLoss(beta);
    }
  }
}
