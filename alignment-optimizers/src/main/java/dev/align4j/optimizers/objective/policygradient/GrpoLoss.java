package dev.align4j.optimizers.objective.policygradient;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Group Relative Policy Optimization's loss (Shao et al. 2024, "DeepSeekMath", arXiv:2402.03300) with every
 * per-token surrogate and aggregation of TRL's {@code GRPOTrainer} ({@code loss_type}), plus GSPO's sequence-level
 * importance ratio (Zheng et al. 2025, arXiv:2507.18071).
 *
 * <p>Per token t of sequence i, with r_t = exp(logπθ_t − logπold_t) (or GSPO's r_i = exp(mean_t m·(logπθ − logπold)))
 * and advantage A:
 *
 * <ul>
 *   <li>{@code grpo, bnpo, dr_grpo, dapo}: ℒ_t = −min(r·A, clip(r, 1−ε, 1+ε_high)·A); with {@code delta} (INTELLECT-2's
 *       two-sided clip) the first term uses min(r, δ);
 *   <li>{@code cispo} (MiniMax-M1): ℒ_t = −sg(min(r, ε_high))·A·logπθ_t — ε_high is an absolute cap;
 *   <li>{@code sapo}: ℒ_t = −(4/τ)·σ(τ(r − 1))·A with τ = {@code sapo_temperature_pos} if A &gt; 0, else
 *       {@code sapo_temperature_neg};
 *   <li>{@code luspo} (Length-Unbiased Sequence Policy Optimization, arXiv:2602.05261): GSPO's sequence ratio
 *       s_i = exp(Σ_t m·(logπθ − logπold) / max(Σ_t m, 1)) in the clipped surrogate ℓ_i = −min(s_i·A, clip(s_i, 1−ε,
 *       1+ε_high)·A), aggregated as mean_i(ℓ_i·|o_i|) with |o_i| = Σ_t m (the length-unbiased part);
 *   <li>{@code vespo} (Variational Sequence-Level Soft Policy Optimization, arXiv:2602.10693): ℒ_t = −sg(φ_i)·A·logπθ_t
 *       with w_i = exp(clamp(Σ_t m·clamp(logπθ − logπold, ±20) [+ Σ_t clamp(log ρ_t, log 1e-8, 20)], log 1e-8, 20))
 *       (ρ_t the token-level sampler weight when the batch carries sampler log-probabilities) and φ_i = exp(λ + k·log
 *       w_i − λ·w_i), (k, λ) = ({@code vespo_k_pos}, {@code vespo_lambda_pos}) if A ≥ 0, else ({@code vespo_k_neg},
 *       {@code vespo_lambda_neg}); token-mean aggregation as dapo. Its loss value is not 0 at w = 1: only the
 *       gradient φ·A·∇logπ is meaningful;
 *   <li>plus β·k3_t, the k3 estimate of KL(πθ‖πref): exp(logπref − logπθ) − (logπref − logπθ) − 1 (times r with
 *       {@code use_bias_correction_kl}).
 * </ul>
 *
 * <p>Aggregation over the masked tokens: {@code grpo, sapo}: mean over sequences of each sequence's token mean
 * (DeepSeekMath; a sequence without active tokens counts 0); {@code bnpo}: token mean over the batch; {@code dr_grpo}:
 * token sum / (sequences × {@code max_completion_length}) (Liu et al. 2025, "Dr. GRPO"); {@code dapo, cispo}: token sum
 * / the global active-token count (DAPO, Yu et al. 2025), which is the local count unless {@link
 * Builder#tokenNormalizer(double)} gives the count over all processes and accumulation steps ({@code vespo} alike).
 *
 * <p>Sampler/trainer mismatch: when the batch carries the sampling engine's log-probabilities
 * ({@code PolicyGradientBatch.samplerLogProbs}), the {@link SamplerCorrection} (default TRL's: {@code sequence_mask},
 * C_max 3.0; for {@code vespo} {@code token_mask}, C_max 3.0, since vespo needs a token mode) multiplies every
 * token's surrogate by the detached weight ρ before the KL term is added, and the {@code sampling/*} mismatch metrics
 * are reported. {@code luspo} refuses β ≠ 0, token-level ratios and a token-level correction: TRL's luspo mean then
 * runs over the padded (B, T) matrix, padding included, which a ragged batch has no equivalent of; {@code vespo}
 * refuses sequence-level ratios (its φ is built from token log-ratios whatever the level; TRL only warns) and a
 * sequence-level correction (TRL raises). With {@link Builder#offPolicyMaskThreshold(double)} (DeepSeek-V3.2's
 * off-policy sequence masking, TRL's {@code off_policy_mask_threshold}) tokens with A &lt; 0 of a sequence whose mean
 * log(π_sampler / πθ) exceeds δ leave the surrogate; metric {@code off_policy_mask/masked_fraction}.
 *
 * <p>Defaults are TRL's {@code GRPOConfig} (commit f2cd577): {@code loss_type="dapo"}, ε=0.2, ε_high=ε, β=0 (no KL
 * term, no reference needed), importance sampling per token, max_completion_length=512, SAPO temperatures 1.0 / 1.05.
 * {@link #gspo()} starts from GSPO's published settings instead (sequence level, grpo aggregation, ε=3e-4,
 * ε_high=4e-4, β=0). {@code luspo} defaults to sequence-level ratios (the level it is defined with). VESPO's defaults
 * are TRL's: k_pos 2.0, λ_pos 3.0, k_neg 3.0, λ_neg 2.0. Gradients are exact with respect to the per-token policy
 * log-probabilities. Metrics: {@code clip_ratio/low_mean, clip_ratio/low_min, clip_ratio/high_mean,
 * clip_ratio/high_max, clip_ratio/region_mean} (clipped types, luspo included), {@code cispo_clip_ratio} (cispo),
 * {@code vespo/phi_seq_mean} (vespo), {@code kl} (β ≠ 0), {@code entropy} (when the batch has entropies), as TRL logs
 * them for one process, and the {@code sampling/*} metrics of {@link SamplerCorrection}.
 */
public final class GrpoLoss implements PolicyGradientObjective {

  /** TRL's GRPO {@code loss_type} values (all of those of TRL's GRPOTrainer at commit f2cd577). */
  public enum LossType {
    /** DeepSeekMath: mean over sequences of token means. */
    GRPO,
    /** Token mean over the local batch. */
    BNPO,
    /** Token sum / (sequences × max_completion_length). */
    DR_GRPO,
    /** Token sum / global active-token count (TRL's default). */
    DAPO,
    /** Clipped IS-weight policy optimisation, token mean. */
    CISPO,
    /** Soft adaptive (sigmoid-gated) policy optimisation, grpo aggregation. */
    SAPO,
    /** Length-unbiased sequence policy optimisation: GSPO's ratio, sequence losses weighted by their length. */
    LUSPO,
    /** Variational sequence-level soft policy optimisation: a detached gamma-shaped sequence weight, token mean. */
    VESPO;

    /** TRL's string for this type, e.g. {@code "dr_grpo"}. */
    public String trlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** TRL's {@code importance_sampling_level}. */
  public enum ImportanceSamplingLevel {
    /** One ratio per token (GRPO, DAPO). */
    TOKEN,
    /** One ratio per sequence: exp of the masked mean token log-ratio (GSPO). */
    SEQUENCE
  }

  private final LossType lossType;
  private final double epsilon;
  private final double epsilonHigh;
  private final double beta;
  private final @Nullable Double delta;
  private final ImportanceSamplingLevel importanceSamplingLevel;
  private final int maxCompletionLength;
  private final double sapoTemperaturePos;
  private final double sapoTemperatureNeg;
  private final boolean useBiasCorrectionKl;
  private final @Nullable Double tokenNormalizer;
  private final SamplerCorrection samplerCorrection;
  private final double vespoKPos;
  private final double vespoLambdaPos;
  private final double vespoKNeg;
  private final double vespoLambdaNeg;
  private final @Nullable Double offPolicyMaskThreshold;
  private final PolicyGradientKernel kernel;

  private GrpoLoss(Builder b) {
    this.lossType = b.lossType;
    this.epsilon = b.epsilon;
    this.epsilonHigh = b.epsilonHigh == null ? b.epsilon : b.epsilonHigh;
    this.beta = b.beta;
    this.delta = b.delta;
    ImportanceSamplingLevel level = b.importanceSamplingLevel;
    if (lossType == LossType.LUSPO) {
      Require.argument(
          level != ImportanceSamplingLevel.TOKEN,
          "loss_type luspo needs importance_sampling_level sequence (its length weighting is defined on GSPO's "
              + "sequence ratio), was token");
      Require.argument(
          b.beta == 0.0,
          "loss_type luspo needs beta = 0 (TRL's luspo mean would run over padding with "
              + "a per-token KL term), was %s",
          b.beta);
      level = ImportanceSamplingLevel.SEQUENCE;
    } else if (lossType == LossType.VESPO) {
      Require.argument(
          level != ImportanceSamplingLevel.SEQUENCE,
          "loss_type vespo builds its weight from token log-ratios, importance_sampling_level must be token, "
              + "was sequence");
      level = ImportanceSamplingLevel.TOKEN;
    } else if (level == null) {
      level = ImportanceSamplingLevel.TOKEN;
    }
    this.importanceSamplingLevel = level;
    SamplerCorrection correction = b.samplerCorrection;
    if (correction == null) {
      correction =
          lossType == LossType.VESPO
              ? SamplerCorrection.of(SamplerCorrection.Mode.TOKEN_MASK, 3.0)
              : SamplerCorrection.trlDefaults();
    }
    if (correction.enabled() && lossType == LossType.VESPO) {
      Require.argument(
          !correction.mode().sequenceLevel(),
          "loss_type vespo needs a token-level vllm_importance_sampling_mode (token_truncate or token_mask), was %s",
          correction.mode().trlName());
    }
    if (correction.enabled() && lossType == LossType.LUSPO) {
      Require.argument(
          correction.mode().sequenceLevel(),
          "loss_type luspo needs a sequence-level vllm_importance_sampling_mode (sequence_truncate or "
              + "sequence_mask), was %s",
          correction.mode().trlName());
    }
    this.samplerCorrection = correction;
    this.offPolicyMaskThreshold = b.offPolicyMaskThreshold;
    this.vespoKPos = b.vespoKPos;
    this.vespoLambdaPos = b.vespoLambdaPos;
    this.vespoKNeg = b.vespoKNeg;
    this.vespoLambdaNeg = b.vespoLambdaNeg;
    this.maxCompletionLength = b.maxCompletionLength;
    this.sapoTemperaturePos = b.sapoTemperaturePos;
    this.sapoTemperatureNeg = b.sapoTemperatureNeg;
    this.useBiasCorrectionKl = b.useBiasCorrectionKl;
    this.tokenNormalizer = b.tokenNormalizer;
    if (lossType == LossType.CISPO) {
      Require.positive("epsilon_high", epsilonHigh);
    }
    if (delta != null) {
      Require.argument(
          delta > 1.0 + epsilonHigh,
          "delta must be > 1 + epsilon_high (%s), was %s",
          1.0 + epsilonHigh,
          delta);
    }
    PolicyGradientKernel.Surrogate surrogate;
    PolicyGradientKernel.Aggregation aggregation;
    switch (lossType) {
      case GRPO:
        surrogate = PolicyGradientKernel.Surrogate.CLIP;
        aggregation = PolicyGradientKernel.Aggregation.SEQUENCE_MEAN;
        break;
      case BNPO:
      case DAPO:
        surrogate = PolicyGradientKernel.Surrogate.CLIP;
        aggregation = PolicyGradientKernel.Aggregation.TOKEN_MEAN;
        break;
      case DR_GRPO:
        surrogate = PolicyGradientKernel.Surrogate.CLIP;
        aggregation = PolicyGradientKernel.Aggregation.FIXED_LENGTH;
        break;
      case CISPO:
        surrogate = PolicyGradientKernel.Surrogate.CISPO;
        aggregation = PolicyGradientKernel.Aggregation.TOKEN_MEAN;
        break;
      case SAPO:
        surrogate = PolicyGradientKernel.Surrogate.SAPO;
        aggregation = PolicyGradientKernel.Aggregation.SEQUENCE_MEAN;
        break;
      case LUSPO:
        surrogate = PolicyGradientKernel.Surrogate.CLIP;
        aggregation = PolicyGradientKernel.Aggregation.SEQUENCE_SUM;
        break;
      case VESPO:
        surrogate = PolicyGradientKernel.Surrogate.VESPO;
        aggregation = PolicyGradientKernel.Aggregation.TOKEN_MEAN;
        break;
      default:
        throw new AssertionError(lossType);
    }
    boolean globalTokens =
        lossType == LossType.DAPO || lossType == LossType.CISPO || lossType == LossType.VESPO;
    Require.argument(
        tokenNormalizer == null || globalTokens,
        "tokenNormalizer applies to loss_type dapo, cispo and vespo only, loss_type was %s",
        lossType.trlName());
    this.kernel =
        new PolicyGradientKernel(
            surrogate,
            importanceSamplingLevel == ImportanceSamplingLevel.TOKEN
                ? PolicyGradientKernel.RatioLevel.TOKEN
                : PolicyGradientKernel.RatioLevel.SEQUENCE_MEAN,
            aggregation,
            PolicyGradientKernel.MetricStyle.GRPO,
            epsilon,
            epsilonHigh,
            delta == null ? Double.NaN : delta,
            sapoTemperaturePos,
            sapoTemperatureNeg,
            beta,
            useBiasCorrectionKl,
            maxCompletionLength,
            tokenNormalizer == null ? Double.NaN : tokenNormalizer,
            0.0,
            Double.POSITIVE_INFINITY,
            correction,
            new double[] {vespoKPos, vespoLambdaPos, vespoKNeg, vespoLambdaNeg},
            offPolicyMaskThreshold == null ? Double.NaN : offPolicyMaskThreshold);
  }

  /** A builder with TRL's GRPOConfig defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder preset to GSPO (Zheng et al. 2025): sequence-level ratios, grpo aggregation, ε=3e-4, ε_high=4e-4, β=0,
   * the settings of the paper and of TRL's GSPO documentation.
   */
  public static Builder gspo() {
    return new Builder()
        .lossType(LossType.GRPO)
        .importanceSamplingLevel(ImportanceSamplingLevel.SEQUENCE)
        .epsilon(3e-4)
        .epsilonHigh(4e-4)
        .beta(0.0);
  }

  @Override
  public PolicyGradientResult evaluate(PolicyGradientBatch batch) {
    return kernel.evaluate(batch);
  }

  /** Evaluates with ({@code true}) or without ({@code false}) the Vector API loop; for tests of both paths. */
  PolicyGradientResult evaluate(PolicyGradientBatch batch, boolean allowVector) {
    return kernel.evaluate(batch, allowVector);
  }

  /** The loss type. */
  public LossType lossType() {
    return lossType;
  }

  /** ε (the lower clip range). */
  public double epsilon() {
    return epsilon;
  }

  /** ε_high (the upper clip range; CISPO's absolute cap). */
  public double epsilonHigh() {
    return epsilonHigh;
  }

  /** β, the weight of the k3 KL term. */
  public double beta() {
    return beta;
  }

  /** INTELLECT-2's two-sided clip δ, or null. */
  public @Nullable Double delta() {
    return delta;
  }

  /** The importance-sampling level. */
  public ImportanceSamplingLevel importanceSamplingLevel() {
    return importanceSamplingLevel;
  }

  /** L of the dr_grpo normaliser. */
  public int maxCompletionLength() {
    return maxCompletionLength;
  }

  /** SAPO's temperature for positive advantages. */
  public double sapoTemperaturePos() {
    return sapoTemperaturePos;
  }

  /** SAPO's temperature for non-positive advantages. */
  public double sapoTemperatureNeg() {
    return sapoTemperatureNeg;
  }

  /** The sampler/trainer mismatch correction applied to batches that carry sampler log-probabilities. */
  public SamplerCorrection samplerCorrection() {
    return samplerCorrection;
  }

  /** DeepSeek-V3.2's off-policy sequence masking threshold δ (TRL's {@code off_policy_mask_threshold}), or null. */
  public @Nullable Double offPolicyMaskThreshold() {
    return offPolicyMaskThreshold;
  }

  /** VESPO's k for non-negative advantages. */
  public double vespoKPos() {
    return vespoKPos;
  }

  /** VESPO's λ for non-negative advantages. */
  public double vespoLambdaPos() {
    return vespoLambdaPos;
  }

  /** VESPO's k for negative advantages. */
  public double vespoKNeg() {
    return vespoKNeg;
  }

  /** VESPO's λ for negative advantages. */
  public double vespoLambdaNeg() {
    return vespoLambdaNeg;
  }

  /** Whether the k3 term is multiplied by the importance ratio (DeepSeek-V3.2). */
  public boolean useBiasCorrectionKl() {
    return useBiasCorrectionKl;
  }

  @Override
  public String toString() {
    return "GrpoLoss[loss_type="
        + lossType.trlName()
        + ", epsilon="
        + epsilon
        + ", epsilon_high="
        + epsilonHigh
        + ", beta="
        + beta
        + (delta == null ? "" : ", delta=" + delta)
        + ", importance_sampling_level="
        + importanceSamplingLevel.name().toLowerCase(Locale.ROOT)
        + ", "
        + samplerCorrection
        + "]";
  }

  /** Builds a {@link GrpoLoss}; every setter validates its argument. */
  public static final class Builder {
    private LossType lossType = LossType.DAPO;
    private double epsilon = 0.2;
    private @Nullable Double epsilonHigh;
    private double beta = 0.0;
    private @Nullable Double delta;
    private @Nullable ImportanceSamplingLevel importanceSamplingLevel;
    private int maxCompletionLength = 512;
    private double sapoTemperaturePos = 1.0;
    private double sapoTemperatureNeg = 1.05;
    private boolean useBiasCorrectionKl;
    private @Nullable Double tokenNormalizer;
    private @Nullable SamplerCorrection samplerCorrection;
    private @Nullable Double offPolicyMaskThreshold;
    private double vespoKPos = 2.0;
    private double vespoLambdaPos = 3.0;
    private double vespoKNeg = 3.0;
    private double vespoLambdaNeg = 2.0;

    private Builder() {}

    /** TRL's {@code loss_type}; default {@code DAPO}. */
    public Builder lossType(LossType lossType) {
      this.lossType = Require.nonNull("lossType", lossType);
      return this;
    }

    /** TRL's {@code epsilon}, the lower clip range, in [0, 1]; default 0.2. */
    public Builder epsilon(double epsilon) {
      this.epsilon = Require.inClosedRange("epsilon", epsilon, 0.0, 1.0);
      return this;
    }

    /** TRL's {@code epsilon_high} (≥ 0; CISPO: the absolute weight cap, &gt; 0); default: equal to epsilon. */
    public Builder epsilonHigh(double epsilonHigh) {
      this.epsilonHigh = Require.nonNegative("epsilon_high", epsilonHigh);
      return this;
    }

    /** TRL's {@code beta}, the k3 KL weight (≥ 0); default 0 (DeepSeekMath used 0.04). */
    public Builder beta(double beta) {
      this.beta = Require.nonNegative("beta", beta);
      return this;
    }

    /** TRL's {@code delta}, the upper bound of the unclipped ratio (INTELLECT-2); must exceed 1 + ε_high. */
    public Builder delta(double delta) {
      this.delta = Require.finite("delta", delta);
      return this;
    }

    /** TRL's {@code importance_sampling_level}; default TOKEN ({@code luspo}: SEQUENCE). */
    public Builder importanceSamplingLevel(ImportanceSamplingLevel level) {
      this.importanceSamplingLevel = Require.nonNull("importanceSamplingLevel", level);
      return this;
    }

    /** TRL's {@code max_completion_length}, the L of {@code dr_grpo}'s normaliser; default 512. */
    public Builder maxCompletionLength(int maxCompletionLength) {
      this.maxCompletionLength = Require.positive("max_completion_length", maxCompletionLength);
      return this;
    }

    /** TRL's {@code sapo_temperature_pos} (&gt; 0); default 1.0. */
    public Builder sapoTemperaturePos(double tau) {
      this.sapoTemperaturePos = Require.positive("sapo_temperature_pos", tau);
      return this;
    }

    /** TRL's {@code sapo_temperature_neg} (&gt; 0); default 1.05. */
    public Builder sapoTemperatureNeg(double tau) {
      this.sapoTemperatureNeg = Require.positive("sapo_temperature_neg", tau);
      return this;
    }

    /** TRL's {@code use_bias_correction_kl}: multiply the k3 term by the importance ratio; default false. */
    public Builder useBiasCorrectionKl(boolean useBiasCorrectionKl) {
      this.useBiasCorrectionKl = useBiasCorrectionKl;
      return this;
    }

    /**
     * For {@code dapo} and {@code cispo}: the active-token count to divide by (all processes and accumulation
     * steps of one generation batch, divided by the number of processes); default: this batch's own count.
     */
    public Builder tokenNormalizer(double tokens) {
      this.tokenNormalizer = Require.positive("tokenNormalizer", tokens);
      return this;
    }

    /**
     * The sampler/trainer mismatch correction (TRL's {@code vllm_importance_sampling_correction}, {@code _mode},
     * {@code _clip_min}, {@code _clip_max}); default {@link SamplerCorrection#trlDefaults()} ({@code vespo}: {@code
     * token_mask} with C_max 3.0). It acts only on batches that carry sampler log-probabilities.
     */
    public Builder samplerCorrection(SamplerCorrection correction) {
      this.samplerCorrection = Require.nonNull("samplerCorrection", correction);
      return this;
    }

    /**
     * TRL's {@code off_policy_mask_threshold} δ (≥ 0; default none: off), DeepSeek-V3.2's off-policy sequence masking:
     * tokens with a negative advantage leave the surrogate (not the KL term) when their sequence's mean
     * log(π_sampler / πθ) over active tokens exceeds δ (π_old stands in when the batch has no sampler log-probs).
     */
    public Builder offPolicyMaskThreshold(double delta) {
      this.offPolicyMaskThreshold = Require.nonNegative("off_policy_mask_threshold", delta);
      return this;
    }

    /** TRL's {@code vespo_k_pos} (≥ 0), VESPO's power for non-negative advantages; default 2.0. */
    public Builder vespoKPos(double k) {
      this.vespoKPos = Require.nonNegative("vespo_k_pos", k);
      return this;
    }

    /** TRL's {@code vespo_lambda_pos} (≥ 0, floored at 1e-4), VESPO's decay for advantages ≥ 0; default 3.0. */
    public Builder vespoLambdaPos(double lambda) {
      this.vespoLambdaPos = Require.nonNegative("vespo_lambda_pos", lambda);
      return this;
    }

    /** TRL's {@code vespo_k_neg} (≥ 0), VESPO's power for negative advantages; default 3.0. */
    public Builder vespoKNeg(double k) {
      this.vespoKNeg = Require.nonNegative("vespo_k_neg", k);
      return this;
    }

    /** TRL's {@code vespo_lambda_neg} (≥ 0, floored at 1e-4), VESPO's decay for negative advantages; default 2.0. */
    public Builder vespoLambdaNeg(double lambda) {
      this.vespoLambdaNeg = Require.nonNegative("vespo_lambda_neg", lambda);
      return this;
    }

    /** Builds the loss. */
    public GrpoLoss build() {
      return new GrpoLoss(this);
    }
  }
}
