package dev.align4j.optimizers.objective.listwise;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.ListwiseBatch;
import dev.align4j.optimizers.objective.ListwiseObjective;
import dev.align4j.optimizers.objective.ListwiseResult;
import dev.align4j.optimizers.objective.internal.LogisticTerms;
import java.util.LinkedHashMap;

/**
 * LiPO-λ ({@code lipo_lambda}): listwise preference optimisation with LambdaLoss weights (Liu et al., "LiPO: Listwise
 * Preference Optimization through Learning-to-Rank", 2024, arXiv:2402.01878, §4).
 *
 * <p>With the implicit rewards s_i = β·(log π_θ(y_i|x) − log π_ref(y_i|x)) and graded labels ψ_i of one list, the loss
 * is L = −Σ_{ψ_i > ψ_j} Δ_ij·logσ(s_i − s_j), with the lambda weight Δ_ij = |G_i − G_j|·|1/D(τ_i) − 1/D(τ_j)|, the
 * gain G_i = 2^{ψ_i} − 1, the discount D(τ) = log₂(1 + τ) and τ_i the 1-based rank of candidate i when the list is
 * sorted by s, highest first (ties by position). The ranks are piecewise constant in s, so Δ is treated as a constant
 * and the gradient is exact wherever no two rewards tie. Tied labels contribute no pair. The batch loss is the mean
 * of the per-list sums.
 *
 * <p>Labels: the batch's {@code scores}; without scores, ψ_i = (K − 1 − i)/(K − 1), evenly spaced in [0, 1] from the
 * best (1) to the worst (0), matching the paper's labels in [0, 1]. For K = 2 with ψ = (1, 0) the weight is
 * |1/D(1) − 1/D(2)| = 1 − 1/log₂3 ≈ 0.369 times sigmoid DPO. Default β = 0.1 (TRL's DPO default).
 */
public final class LipoLambdaLoss implements ListwiseObjective {
  private static final double LN2 = Math.log(2);
  private final double beta;

  private LipoLambdaLoss(double beta) {
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
    double[] reference = batch.requireReference("lipo_lambda");
    double[] scores = batch.scores();
    int[] sizes = batch.listSizes();
    int lists = sizes.length;
    int n = policy.length;
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = beta * (policy[i] - reference[i]);
    }
    double[] grad = new double[n];
    double[] losses = new double[lists];
    int maxK = PlackettLuceDpoLoss.maxSize(sizes);
    int[] order = new int[maxK];
    double[] inverseDiscount = new double[maxK];
    double[] gain = new double[maxK];
    double scale = beta / lists;
    double total = 0;
    int start = 0;
    for (int q = 0; q < lists; q++) {
      int k = sizes[q];
      // ranks by s, highest first; insertion sort keeps ties in position order
      for (int i = 0; i < k; i++) {
        int cur = i;
        int pos = i;
        while (pos > 0 && s[start + order[pos - 1]] < s[start + cur]) {
          order[pos] = order[pos - 1];
          pos--;
        }
        order[pos] = cur;
      }
      for (int r = 0; r < k; r++) {
        inverseDiscount[order[r]] = LN2 / Math.log(2 + r); // 1 / log2(1 + τ), τ = r + 1
      }
      for (int i = 0; i < k; i++) {
        double psi = scores == null ? (double) (k - 1 - i) / (k - 1) : scores[start + i];
        gain[i] = Math.pow(2, psi) - 1;
        if (!Double.isFinite(gain[i])) {
          throw new IllegalArgumentException("scores[" + (start + i) + "] must be <= 1023 for lipo_lambda (its gain "
              + "2^score - 1 must be finite), was " + psi);
        }
      }
      double loss = 0;
      for (int i = 0; i < k; i++) {
        for (int j = i + 1; j < k; j++) {
          if (!batch.strictlyBetter(start + i, start + j)) {
            continue;
          }
          double delta = Math.abs(gain[i] - gain[j]) * Math.abs(inverseDiscount[i] - inverseDiscount[j]);
          double x = s[start + i] - s[start + j];
          loss -= delta * StableMath.logSigmoid(x);
          double g = delta * StableMath.sigmoid(-x);
          grad[start + i] -= scale * g;
          grad[start + j] += scale * g;
        }
      }
      losses[q] = loss;
      total += loss;
      start += k;
    }
    LinkedHashMap<String, Double> m = ListwiseRewards.metrics(batch, s);
    return new ListwiseResult(total / lists, losses, grad, LogisticTerms.freeze(m));
  }

  @Override
  public String toString() {
    return "LipoLambdaLoss[beta=" + beta + "]";
  }

  /** Builder for {@link LipoLambdaLoss}. */
  public static final class Builder {
    private double beta = 0.1;

    private Builder() {}

    /** β > 0; default 0.1. */
    public Builder beta(double beta) {
      this.beta = Require.positive("beta", beta);
      return this;
    }

    /** Builds the loss. */
    public LipoLambdaLoss build() {
      return new LipoLambdaLoss(beta);
    }
  }
}
