package dev.align4j.optimizers.objective.listwise;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.ListwiseBatch;
import dev.align4j.optimizers.objective.ListwiseObjective;
import dev.align4j.optimizers.objective.ListwiseResult;
import dev.align4j.optimizers.objective.internal.LogisticTerms;
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
    int n = batch.policyLogps().length;
    double[] losses = new double[batch.listCount()];
    double[] grad = new double[n];
    double loss = evaluateInto(batch, losses, grad);
    double[] policy = batch.policyLogps();
    double[] reference = batch.requireReference("dpo_pl");
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = beta * (policy[i] - reference[i]);
    }
    LinkedHashMap<String, Double> m = ListwiseRewards.metrics(batch, s);
    return new ListwiseResult(loss, losses, grad, LogisticTerms.freeze(m));
  }

  /** Allocation-free evaluation (apart from three scratch arrays of the longest list's size); no metrics. */
  @Override
  public double evaluateInto(ListwiseBatch batch, double[] losses, double[] gradPolicy) {
    Require.nonNull("batch", batch);
    ListwiseObjective.checkBuffers(batch, losses, gradPolicy);
    double[] policy = batch.policyLogps();
    double[] reference = batch.requireReference("dpo_pl");
    int[] sizes = batch.listSizes();
    int lists = sizes.length;
    int maxK = maxSize(sizes);
    double[] s = new double[maxK];
    double[] suffix = new double[maxK];
    double[] e = new double[maxK];
    double scale = beta / lists;
    double total = 0;
    int start = 0;
    for (int q = 0; q < lists; q++) {
      int k = sizes[q];
      for (int j = 0; j < k; j++) {
        s[j] = beta * (policy[start + j] - reference[start + j]);
      }
      double loss = fastList(s, k, e, suffix, gradPolicy, start, scale);
      if (Double.isNaN(loss)) {
        loss = stableList(s, k, suffix, gradPolicy, start, scale);
      }
      losses[q] = loss;
      total += loss;
      start += k;
    }
    return total / lists;
  }

  /**
   * One list with a single max shift: e_j = exp(s_j − max), suffix sums E_k = Σ_{j≥k} e_j, per-step loss
   * LSE_j − s_j = log1p(E_{j+1}/e_j) and ∂L/∂s_j = e_j·Σ_{k<j} 1/E_k − E_{j+1}/E_j; k exponentials and k logarithms.
   * Returns NaN (and writes nothing) when a weight e_j is so small that it would lose precision (rewards of one list
   * spread over more than ~650); the caller then falls back to {@link #stableList}.
   */
  static double fastList(double[] s, int k, double[] e, double[] suffix, double[] grad, int start, double scale) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      max = Math.max(max, s[j]);
    }
    double smallest = 1;
    for (int j = 0; j < k; j++) {
      e[j] = Math.exp(s[j] - max);
      smallest = Math.min(smallest, e[j]);
    }
    if (smallest < 1e-285) {
      return Double.NaN;
    }
    double acc = 0;
    for (int j = k - 1; j >= 0; j--) {
      acc += e[j];
      suffix[j] = acc;
    }
    double loss = 0;
    double inverseBefore = 0; // Σ_{k'<j} 1/E_k'
    for (int j = 0; j < k; j++) {
      // LSE_j − s_j = log(E_j/e_j) = log1p(E_{j+1}/e_j): no large intermediates, exactly 0 for the last candidate
      double rest = j + 1 < k ? suffix[j + 1] : 0.0;
      double r = rest / e[j];
      loss += r > 1e-3 ? Math.log(1 + r) : Math.log1p(r); // log(1 + r) is exact to 1e-13 relative for r > 1e-3
      // the k' = j term e_j/E_j − 1 is written as −E_{j+1}/E_j, which avoids cancellation for small gradients
      double next = rest / suffix[j];
      grad[start + j] = scale * (e[j] * inverseBefore - next);
      inverseBefore += 1 / suffix[j];
    }
    return loss;
  }

  /** One list in log space throughout (suffix log-sum-exps by logAddExp): slower, exact for any spread of rewards. */
  static double stableList(double[] s, int k, double[] suffix, double[] grad, int start, double scale) {
    suffix[k - 1] = s[k - 1];
    for (int j = k - 2; j >= 0; j--) {
      suffix[j] = StableMath.logAddExp(s[j], suffix[j + 1]);
    }
    double loss = 0;
    double logA = Double.NEGATIVE_INFINITY; // log Σ_{k'≤j} exp(−S_k')
    for (int j = 0; j < k; j++) {
      double sj = s[j];
      loss += suffix[j] - sj;
      logA = StableMath.logAddExp(logA, -suffix[j]);
      grad[start + j] = scale * Math.expm1(sj + logA);
    }
    return loss;
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
