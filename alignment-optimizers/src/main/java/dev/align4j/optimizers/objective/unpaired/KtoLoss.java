package dev.align4j.optimizers.objective.unpaired;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.UnpairedBatch;
import dev.align4j.optimizers.objective.UnpairedObjective;
import dev.align4j.optimizers.objective.UnpairedResult;
import dev.align4j.optimizers.objective.internal.LogisticTerms;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KTO, Kahneman–Tversky Optimisation (Ethayarajh et al., "KTO: Model Alignment as Prospect Theoretic Optimization",
 * 2024, arXiv:2402.01306), as TRL's {@code KTOTrainer} computes it, with its two {@code loss_type}s.
 *
 * <p>With ℓ_i = log π_θ(y_i|x_i) − log π_ref(y_i|x_i) (summed log-probs, nats), β = {@code beta},
 * λ_D = {@code desirable_weight}, λ_U = {@code undesirable_weight}:
 *
 * <ul>
 *   <li>{@code kto}: desirable L = λ_D·[1 − σ(β(ℓ − z0))], undesirable L = λ_U·[1 − σ(β(z0 − ℓ))]. The reference point
 *       z0 = max(0, mean_j(log π_θ(y'_j|x_j) − log π_ref(y'_j|x_j))) is estimated from the mismatched KL pairs of the
 *       batch ({@link UnpairedBatch#withKlPairs}), clamped at 0 and <em>detached</em>: it gets no gradient, exactly as
 *       TRL does (kto_trainer.py L1553–1556). {@link Builder#clampReferencePoint(boolean) clampReferencePoint(false)}
 *       keeps the raw estimate (the paper's z0 = KL(π_θ‖π_ref) written as an expectation, which can come out
 *       negative on a finite batch); {@link Builder#referencePoint(double)} fixes z0 instead (for example a value
 *       averaged across workers), and then the KL pairs are not needed.
 *   <li>{@code apo_zero_unpaired}: desirable L = λ_D·[1 − σ(βℓ)], undesirable L = λ_U·σ(βℓ) (APO-zero, D'Oosterlinck
 *       et al. 2024, arXiv:2408.06266); no reference point.
 * </ul>
 *
 * <p>The batch loss is the plain mean over all examples (TRL's {@code nanmean} of the concatenated losses); it is not
 * normalised by Σλ. The gradient with respect to {@code policyLogps[i]} is that of this mean.
 *
 * <p><b>Class balance.</b> The KTO paper (Eq. 8) recommends λ_D·n_D / (λ_U·n_U) ∈ [1, 4/3]. Like TRL, this class logs a
 * warning (slf4j, once per instance) when neither that ratio nor its inverse is in the range: at build time when
 * {@link Builder#classCounts(long, long)} gives the dataset's counts (what TRL checks), otherwise on the first batch
 * that holds both classes. {@link #isRecommendedWeighting} is the check itself.
 *
 * <p>Metrics (TRL names): {@code kl} (z0, {@code kto} only), {@code rewards/chosen} and {@code rewards/rejected} (mean
 * of β·ℓ over the desirable, respectively undesirable, examples), {@code rewards/margins} (their difference),
 * {@code logps/chosen}, {@code logps/rejected}, {@code count/chosen}, {@code count/rejected}. A metric over a class
 * that has no example in the batch is left out.
 *
 * <p>Defaults are TRL's {@code KTOConfig}: β = 0.1, λ_D = λ_U = 1, clamped z0. Instances are immutable and
 * thread-safe (apart from the once-only warning flag).
 */
public final class KtoLoss implements UnpairedObjective {
  private static final Logger LOG = LoggerFactory.getLogger(KtoLoss.class);

  /** The upper end of the KTO paper's recommended weighted class ratio, 4/3 (Eq. 8). */
  public static final double RECOMMENDED_RATIO_MAX = 4.0 / 3.0;

  /** TRL's two KTO loss types. */
  public enum LossType {
    /** {@code "kto"}: prospect-theoretic value around the KL reference point z0. */
    KTO("kto"),
    /** {@code "apo_zero_unpaired"}: APO-zero on unpaired data, no reference point. */
    APO_ZERO_UNPAIRED("apo_zero_unpaired");

    private final String trlName;

    LossType(String trlName) {
      this.trlName = trlName;
    }

    /** TRL's {@code loss_type} string. */
    public String trlName() {
      return trlName;
    }
  }

  private final LossType lossType;
  private final double beta;
  private final double desirableWeight;
  private final double undesirableWeight;
  private final boolean clampReferencePoint;
  private final @Nullable Double referencePoint;
  private final AtomicBoolean balanceChecked = new AtomicBoolean();

  private KtoLoss(Builder b) {
    this.lossType = b.lossType;
    this.beta = b.beta;
    this.desirableWeight = b.desirableWeight;
    this.undesirableWeight = b.undesirableWeight;
    this.clampReferencePoint = b.clampReferencePoint;
    this.referencePoint = b.referencePoint;
    if (b.desirableCount >= 0) {
      balanceChecked.set(true);
      warnIfUnbalanced(b.desirableCount, b.undesirableCount, "dataset");
    }
  }

  /** A builder with TRL's defaults (loss_type kto, β = 0.1, λ_D = λ_U = 1). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether the weighting follows the KTO paper's advice (Eq. 8; TRL's check): λ_D·n_D / (λ_U·n_U) or its inverse lies
   * in [1, 4/3]. True when one class is absent (there is nothing to balance).
   */
  public static boolean isRecommendedWeighting(
      double desirableWeight, long desirableCount, double undesirableWeight, long undesirableCount) {
    requireCount("desirableCount", desirableCount);
    requireCount("undesirableCount", undesirableCount);
    if (desirableCount == 0 || undesirableCount == 0) {
      return true;
    }
    double ratio = desirableWeight * desirableCount / (undesirableWeight * undesirableCount);
    return (ratio >= 1 && ratio <= RECOMMENDED_RATIO_MAX) || (1 / ratio >= 1 && 1 / ratio <= RECOMMENDED_RATIO_MAX);
  }

  private static void requireCount(String name, long count) {
    if (count < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + count);
    }
  }

  private void warnIfUnbalanced(long nD, long nU, String where) {
    if (!isRecommendedWeighting(desirableWeight, nD, undesirableWeight, nU)) {
      LOG.warn(
          "KTO class balance: {} has {} desirable and {} undesirable examples with desirable_weight={} and "
              + "undesirable_weight={}, so desirable_weight*n_desirable/(undesirable_weight*n_undesirable)={}; the KTO "
              + "paper recommends a value (or its inverse) in [1, 4/3]. Adjust the weights.",
          where, nD, nU, desirableWeight, undesirableWeight,
          desirableWeight * nD / (undesirableWeight * nU));
    }
  }

  /** The loss type. */
  public LossType lossType() {
    return lossType;
  }

  /** β, the inverse temperature of the implicit reward. */
  public double beta() {
    return beta;
  }

  @Override
  public UnpairedResult evaluate(UnpairedBatch batch) {
    Require.nonNull("batch", batch);
    int n = batch.size();
    double[] losses = new double[n];
    double[] grad = new double[n];
    boolean kto = lossType == LossType.KTO;
    double z0 = kto ? referencePoint(batch) : 0.0;
    double loss = run(batch, z0, losses, grad);

    double[] policy = batch.policyLogps();
    double[] reference = batch.requireReference(lossType.trlName());
    boolean[] desirable = batch.desirable();
    double sumRewardD = 0;
    double sumRewardU = 0;
    double sumLogpD = 0;
    double sumLogpU = 0;
    int nD = 0;
    for (int i = 0; i < n; i++) {
      if (desirable[i]) {
        sumRewardD += policy[i] - reference[i];
        sumLogpD += policy[i];
        nD++;
      } else {
        sumRewardU += policy[i] - reference[i];
        sumLogpU += policy[i];
      }
    }
    sumRewardD *= beta;
    sumRewardU *= beta;
    int nU = n - nD;
    if (!balanceChecked.get() && nD > 0 && nU > 0 && balanceChecked.compareAndSet(false, true)) {
      warnIfUnbalanced(nD, nU, "the first batch");
    }
    LinkedHashMap<String, Double> m = new LinkedHashMap<>();
    if (kto) {
      m.put("kl", z0);
    }
    if (nD > 0) {
      m.put("rewards/chosen", sumRewardD / nD);
    }
    if (nU > 0) {
      m.put("rewards/rejected", sumRewardU / nU);
    }
    if (nD > 0 && nU > 0) {
      m.put("rewards/margins", sumRewardD / nD - sumRewardU / nU);
    }
    if (nD > 0) {
      m.put("logps/chosen", sumLogpD / nD);
    }
    if (nU > 0) {
      m.put("logps/rejected", sumLogpU / nU);
    }
    m.put("count/chosen", (double) nD);
    m.put("count/rejected", (double) nU);
    return new UnpairedResult(loss, losses, grad, LogisticTerms.freeze(m));
  }

  /** Allocation-free evaluation into caller buffers; no metrics and no class-balance check. */
  @Override
  public double evaluateInto(UnpairedBatch batch, double[] losses, double[] gradPolicy) {
    Require.nonNull("batch", batch);
    UnpairedObjective.checkBuffers(batch, losses, gradPolicy);
    double z0 = lossType == LossType.KTO ? referencePoint(batch) : 0.0;
    return run(batch, z0, losses, gradPolicy);
  }

  /**
   * The loss and gradient loop. Branch-free over the label (labels are unordered, so a branch would mispredict half of
   * the time): with sign = +1 for desirable and −1 for undesirable, x = sign·β(ℓ − z0), the loss is λ·σ(−x) and
   * ∂/∂ℓ = −sign·λ·β·σ′(x); apo_zero_unpaired is the same formula with z0 = 0. One exponential per example: with
   * e = exp(−|x|), σ(−x) = e/(1+e) for x ≥ 0 and 1/(1+e) otherwise, σ′(x) = e/(1+e)².
   */
  private double run(UnpairedBatch batch, double z0, double[] losses, double[] grad) {
    double[] policy = batch.policyLogps();
    double[] reference = batch.requireReference(lossType.trlName());
    boolean[] desirable = batch.desirable();
    int n = policy.length;
    double gd = -desirableWeight * beta / n;
    double gu = undesirableWeight * beta / n;
    double sumLoss = 0;
    for (int i = 0; i < n; i++) {
      double ratio = policy[i] - reference[i];
      boolean d = desirable[i];
      double x = d ? beta * (ratio - z0) : beta * (z0 - ratio);
      double e = Math.exp(-Math.abs(x));
      double inv = 1 / (1 + e);
      double l = (d ? desirableWeight : undesirableWeight) * (x >= 0 ? e * inv : inv);
      grad[i] = (d ? gd : gu) * e * inv * inv;
      losses[i] = l;
      sumLoss += l;
    }
    return sumLoss / n;
  }

  /** z0 for {@code batch}: the fixed value, or the (clamped) mean log-ratio of the mismatched KL pairs. */
  double referencePoint(UnpairedBatch batch) {
    if (referencePoint != null) {
      return referencePoint;
    }
    double[] pk = batch.policyKlLogps();
    double[] rk = batch.referenceKlLogps();
    if (pk == null || rk == null) {
      throw new IllegalArgumentException(
          "loss_type \"kto\" needs the mismatched KL pairs (UnpairedBatch.withKlPairs(policyKlLogps, "
              + "referenceKlLogps)) or a fixed referencePoint, but the batch has none");
    }
    double s = 0;
    for (int j = 0; j < pk.length; j++) {
      s += pk[j] - rk[j];
    }
    double mean = s / pk.length;
    return clampReferencePoint ? Math.max(0, mean) : mean;
  }

  @Override
  public String toString() {
    return "KtoLoss[loss_type=" + lossType.trlName() + ", beta=" + beta + ", desirable_weight=" + desirableWeight
        + ", undesirable_weight=" + undesirableWeight + ", clampReferencePoint=" + clampReferencePoint
        + (referencePoint == null ? "" : ", referencePoint=" + referencePoint) + "]";
  }

  /** Builder for {@link KtoLoss}; defaults are TRL's {@code KTOConfig} defaults. */
  public static final class Builder {
    private LossType lossType = LossType.KTO;
    private double beta = 0.1;
    private double desirableWeight = 1.0;
    private double undesirableWeight = 1.0;
    private boolean clampReferencePoint = true;
    private @Nullable Double referencePoint;
    private long desirableCount = -1;
    private long undesirableCount = -1;

    private Builder() {}

    /** TRL {@code loss_type}; default {@link LossType#KTO}. */
    public Builder lossType(LossType lossType) {
      this.lossType = Require.nonNull("lossType", lossType);
      return this;
    }

    /** TRL {@code beta} (β > 0); default 0.1. */
    public Builder beta(double beta) {
      this.beta = Require.positive("beta", beta);
      return this;
    }

    /** TRL {@code desirable_weight} λ_D (≥ 0); default 1.0. */
    public Builder desirableWeight(double weight) {
      this.desirableWeight = Require.nonNegative("desirable_weight", weight);
      return this;
    }

    /** TRL {@code undesirable_weight} λ_U (≥ 0); default 1.0. */
    public Builder undesirableWeight(double weight) {
      this.undesirableWeight = Require.nonNegative("undesirable_weight", weight);
      return this;
    }

    /**
     * Whether z0 is clamped at 0 (TRL, default true); false keeps the raw batch estimate, which can be negative.
     */
    public Builder clampReferencePoint(boolean clamp) {
      this.clampReferencePoint = clamp;
      return this;
    }

    /** A fixed reference point z0 (finite) instead of the batch estimate; the KL pairs are then not needed. */
    public Builder referencePoint(double z0) {
      this.referencePoint = Require.finite("reference_point", z0);
      return this;
    }

    /**
     * The dataset's class counts, checked at build time against the KTO paper's weighting advice (a warning is logged
     * when it is off, as TRL does when the trainer is created).
     */
    public Builder classCounts(long desirableCount, long undesirableCount) {
      requireCount("desirableCount", desirableCount);
      requireCount("undesirableCount", undesirableCount);
      this.desirableCount = desirableCount;
      this.undesirableCount = undesirableCount;
      return this;
    }

    /** Builds the loss. */
    public KtoLoss build() {
      if (desirableWeight == 0 && undesirableWeight == 0) {
        throw new IllegalArgumentException(
            "desirable_weight and undesirable_weight must not both be 0, were 0.0 and 0.0");
      }
      return new KtoLoss(this);
    }
  }
}
