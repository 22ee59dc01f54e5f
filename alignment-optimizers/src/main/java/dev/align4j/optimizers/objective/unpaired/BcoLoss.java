package dev.align4j.optimizers.objective.unpaired;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.UnpairedBatch;
import dev.align4j.optimizers.objective.UnpairedObjective;
import dev.align4j.optimizers.objective.UnpairedResult;
import dev.align4j.optimizers.objective.internal.LogisticTerms;
import java.util.LinkedHashMap;
import org.jspecify.annotations.Nullable;

/**
 * BCO, Binary Classifier Optimisation (Jung et al., "Binary Classifier Optimization for Large Language Model
 * Alignment", 2024, arXiv:2404.04656), as TRL's experimental {@code BCOTrainer} computes it.
 *
 * <p>With the implicit reward r_i = β·(log π_θ(y_i|x_i) − log π_ref(y_i|x_i)) (summed log-probs) and the running
 * reward shift δ ({@link BcoRewardShift}): desirable L = −logσ(r − δ), undesirable L = −logσ(−(r − δ)); the batch loss
 * is the plain mean over all examples. In training mode δ is first updated with the current batch's rewards and then
 * used (TRL: {@code do_train=True} updates {@code RunningMoments} before the loss), so the very first batch is
 * centred on its own mean; δ is detached (no gradient). With {@code updateRewardShift(false)} (TRL's evaluation mode)
 * δ is read and left unchanged.
 *
 * <p>Not included: TRL's optional UDM density-ratio weights (they need a prompt classifier, outside a pure objective);
 * weight the examples yourself if you use it.
 *
 * <p>Metrics (TRL names): {@code delta} (the δ used), {@code rewards/chosen}, {@code rewards/rejected} (mean r per
 * class), {@code rewards/margins}, {@code logps/chosen}, {@code logps/rejected}. Defaults are TRL's {@code BCOConfig}:
 * β = 0.1.
 *
 * <p>{@link #evaluate(UnpairedBatch)} updates the {@link BcoRewardShift} this loss was built with (a fresh one unless
 * {@link Builder#rewardShift} gave one), so that object is the state the caller keeps across steps.
 */
public final class BcoLoss implements UnpairedObjective {
  private final double beta;
  private final BcoRewardShift shift;
  private final boolean updateRewardShift;

  private BcoLoss(Builder b) {
    this.beta = b.beta;
    this.shift = b.shift == null ? BcoRewardShift.create() : b.shift;
    this.updateRewardShift = b.updateRewardShift;
  }

  /** A builder with TRL's defaults (β = 0.1, a fresh reward shift, updated on every evaluation). */
  public static Builder builder() {
    return new Builder();
  }

  /** The reward shift this loss reads and (in training mode) updates. */
  public BcoRewardShift rewardShift() {
    return shift;
  }

  /** β. */
  public double beta() {
    return beta;
  }

  @Override
  public UnpairedResult evaluate(UnpairedBatch batch) {
    return evaluate(batch, shift, updateRewardShift);
  }

  /**
   * Evaluates with an explicit reward shift: when {@code update} is true, {@code shift} is first updated with this
   * batch's rewards (training), otherwise only read (evaluation).
   */
  public UnpairedResult evaluate(UnpairedBatch batch, BcoRewardShift shift, boolean update) {
    Require.nonNull("batch", batch);
    Require.nonNull("shift", shift);
    double[] policy = batch.policyLogps();
    double[] reference = batch.requireReference("bco");
    boolean[] desirable = batch.desirable();
    int n = policy.length;
    double[] rewards = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      rewards[i] = beta * (policy[i] - reference[i]);
      sum += rewards[i];
    }
    double delta = update ? shift.update(sum / n, n) : shift.mean();
    double[] losses = new double[n];
    double[] grad = new double[n];
    double sumLoss = 0;
    double sumRD = 0;
    double sumRU = 0;
    double sumLD = 0;
    double sumLU = 0;
    int nD = 0;
    for (int i = 0; i < n; i++) {
      double x = rewards[i] - delta;
      if (desirable[i]) {
        losses[i] = -StableMath.logSigmoid(x);
        grad[i] = -beta * StableMath.sigmoid(-x) / n;
        sumRD += rewards[i];
        sumLD += policy[i];
        nD++;
      } else {
        losses[i] = -StableMath.logSigmoid(-x);
        grad[i] = beta * StableMath.sigmoid(x) / n;
        sumRU += rewards[i];
        sumLU += policy[i];
      }
      sumLoss += losses[i];
    }
    int nU = n - nD;
    LinkedHashMap<String, Double> m = new LinkedHashMap<>();
    m.put("delta", delta);
    if (nD > 0) {
      m.put("rewards/chosen", sumRD / nD);
    }
    if (nU > 0) {
      m.put("rewards/rejected", sumRU / nU);
    }
    if (nD > 0 && nU > 0) {
      m.put("rewards/margins", sumRD / nD - sumRU / nU);
    }
    if (nD > 0) {
      m.put("logps/chosen", sumLD / nD);
    }
    if (nU > 0) {
      m.put("logps/rejected", sumLU / nU);
    }
    return new UnpairedResult(sumLoss / n, losses, grad, LogisticTerms.freeze(m));
  }

  @Override
  public String toString() {
    return "BcoLoss[beta=" + beta + ", updateRewardShift=" + updateRewardShift + ", " + shift + "]";
  }

  /** Builder for {@link BcoLoss}. */
  public static final class Builder {
    private double beta = 0.1;
    private @Nullable BcoRewardShift shift;
    private boolean updateRewardShift = true;

    private Builder() {}

    /** TRL {@code beta} (β > 0); default 0.1. */
    public Builder beta(double beta) {
      this.beta = Require.positive("beta", beta);
      return this;
    }

    /** The running reward shift to read and update; default a fresh {@link BcoRewardShift#create()}. */
    public Builder rewardShift(BcoRewardShift shift) {
      this.shift = Require.nonNull("rewardShift", shift);
      return this;
    }

    /** Whether {@link BcoLoss#evaluate(UnpairedBatch)} updates the shift first (training, default true). */
    public Builder updateRewardShift(boolean update) {
      this.updateRewardShift = update;
      return this;
    }

    /** Builds the loss. */
    public BcoLoss build() {
      return new BcoLoss(this);
    }
  }
}
