package dev.align4j.optimizers.objective.policygradient;

import dev.align4j.core.check.Require;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The correction for a sampler/trainer log-probability mismatch: when the completions were sampled by another engine
 * (vLLM, a quantised or stale copy) than the trainer, the batch carries the sampler's per-token log-probabilities
 * ({@code PolicyGradientBatch.samplerLogProbs}) next to the trainer's π_old, and every per-token loss is multiplied by
 * a detached importance weight ρ that re-weights the sampler's distribution to the trainer's (TRL's
 * {@code vllm_importance_sampling_*}; truncated importance sampling, Yao et al. 2025, "Your efficient RL framework
 * secretly brings you off-policy RL training"; masked importance sampling as verl's IcePop / MIS).
 *
 * <p>With d_t = m_t·(logπold_t − logπsampler_t) on the loss mask m:
 *
 * <ul>
 *   <li>token modes: ρ_t = exp(d_t); sequence modes: ρ_i = exp(Σ_t d_t), one weight per sequence (a sum of log-ratios,
 *       not a mean, as TRL);
 *   <li>{@code *_truncate}: ρ ← clamp(ρ, C_min, C_max); {@code *_mask}: ρ ← 0 where ρ &lt; C_min or ρ &gt; C_max (the
 *       token or sequence leaves the loss but still counts in the normaliser, as TRL);
 *   <li>the surrogate of every token is multiplied by ρ before the β·KL term is added (the KL term is not weighted);
 *       ρ is a constant for the gradient. {@code vespo} does not multiply: it folds log ρ_t into its sequence weight
 *       and so needs a token mode.
 * </ul>
 *
 * <p>Defaults are TRL's {@code GRPOConfig} (commit f2cd577): correction on, {@code vllm_importance_sampling_mode =
 * "sequence_mask"}, {@code vllm_importance_sampling_clip_max = 3.0}, {@code vllm_importance_sampling_clip_min =
 * None} (here 0: ρ ≥ 0 always, so a lower bound of 0 never acts). The correction only acts on a batch that carries
 * sampler log-probabilities; a batch without them was sampled by the trainer itself and is left alone.
 *
 * <p>Metrics, every evaluation of such a batch (TRL's names): {@code sampling/sampling_logp_difference/mean} and
 * {@code /max} (mean and max |logπold − logπsampler| over the active tokens: the mean |Δ log p|),
 * {@code sampling/importance_sampling_ratio/min}, {@code /mean}, {@code /max} (ρ after truncation or masking, over the
 * active tokens for token modes and over the sequences for sequence modes); and align4j's
 * {@code sampling/sequence_ratio/p05}, {@code /p25}, {@code /p50}, {@code /p75}, {@code /p95} (quantiles of the raw
 * sequence ratio exp(Σ_t d_t) over the batch's sequences, linear interpolation as numpy's default, with Σ_t d_t
 * clamped to ±700 so that the ratio stays finite) and {@code sampling/importance_sampling_ratio/corrected_fraction}
 * (the share of tokens, or sequences, whose raw ρ fell outside [C_min, C_max] and was truncated or dropped). These
 * are computed whether or not the correction is enabled.
 *
 * @param enabled whether the loss is multiplied by ρ (TRL's {@code vllm_importance_sampling_correction})
 * @param mode the level and the treatment of out-of-range weights
 * @param clipMin C_min ≥ 0 (0: no lower bound)
 * @param clipMax C_max &gt; C_min, may be {@code +∞} (no upper bound)
 */
public record SamplerCorrection(boolean enabled, Mode mode, double clipMin, double clipMax) {

  /** TRL's {@code vllm_importance_sampling_mode}. */
  public enum Mode {
    /** Per-token weight, clamped to [C_min, C_max]. */
    TOKEN_TRUNCATE,
    /** Per-token weight, zero outside [C_min, C_max]. */
    TOKEN_MASK,
    /** One weight per sequence, clamped to [C_min, C_max]. */
    SEQUENCE_TRUNCATE,
    /** One weight per sequence, zero outside [C_min, C_max] (TRL's default). */
    SEQUENCE_MASK;

    /** TRL's string, e.g. {@code "sequence_mask"}. */
    public String trlName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the weight is one per sequence. */
    public boolean sequenceLevel() {
      return this == SEQUENCE_TRUNCATE || this == SEQUENCE_MASK;
    }

    /** Whether out-of-range weights are set to zero (rather than clamped). */
    public boolean masking() {
      return this == TOKEN_MASK || this == SEQUENCE_MASK;
    }

    /** The mode for TRL's string. @throws IllegalArgumentException naming the valid strings */
    public static Mode fromTrlName(String name) {
      for (Mode m : values()) {
        if (m.trlName().equals(name)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "vllm_importance_sampling_mode must be one of token_truncate, token_mask, "
              + "sequence_truncate, sequence_mask, was \""
              + name
              + "\"");
    }
  }

  /** The largest |Σ_t d_t| used for the sequence-ratio quantiles (e^700 is finite). */
  static final double MAX_SEQUENCE_LOG_RATIO = 700.0;

  /** The quantile levels of the {@code sampling/sequence_ratio/pXX} metrics. */
  private static final double[] QUANTILES = {0.05, 0.25, 0.50, 0.75, 0.95};

  /** Validates the bounds. */
  public SamplerCorrection {
    Require.nonNull("mode", mode);
    Require.argument(
        clipMin >= 0.0 && Double.isFinite(clipMin),
        "vllm_importance_sampling_clip_min must be finite and >= 0, was %s",
        clipMin);
    Require.argument(
        clipMax > clipMin,
        "vllm_importance_sampling_clip_max must be > vllm_importance_sampling_clip_min (%s), was %s",
        clipMin,
        clipMax);
  }

  /** TRL's defaults: enabled, {@code sequence_mask}, C_min none, C_max 3.0. */
  public static SamplerCorrection trlDefaults() {
    return new SamplerCorrection(true, Mode.SEQUENCE_MASK, 0.0, 3.0);
  }

  /** Enabled in {@code mode} with C_max = {@code clipMax} and no lower bound. */
  public static SamplerCorrection of(Mode mode, double clipMax) {
    return new SamplerCorrection(true, mode, 0.0, clipMax);
  }

  /** No correction (TRL's {@code vllm_importance_sampling_correction=False}); the mismatch metrics are still logged. */
  public static SamplerCorrection disabled() {
    return new SamplerCorrection(false, Mode.SEQUENCE_MASK, 0.0, 3.0);
  }

  /** This correction with C_min = {@code clipMin}. */
  public SamplerCorrection withClipMin(double clipMin) {
    return new SamplerCorrection(enabled, mode, clipMin, clipMax);
  }

  /**
   * The per-token weights ρ (for sequence modes each token carries its sequence's weight) of a batch, or null when the
   * correction is disabled; writes the mismatch metrics into {@code metrics}.
   *
   * @param offsets sequence start offsets (n + 1 entries)
   * @param old the trainer's π_old per token
   * @param sampler the sampler's log-probabilities per token
   * @param mask the loss mask, or null for all ones
   */
  double @Nullable [] weights(
      int[] offsets,
      double[] old,
      double[] sampler,
      double @Nullable [] mask,
      Map<String, Double> metrics) {
    int n = offsets.length - 1;
    int tokens = old.length;
    double[] rho = new double[tokens];
    double diffSum = 0;
    double diffMax = 0;
    double activeTokens = 0;
    double ratioMin = Double.POSITIVE_INFINITY;
    double ratioMax = Double.NEGATIVE_INFINITY;
    double ratioSum = 0;
    double ratioCount = 0;
    double corrected = 0;
    double[] sequenceLogRatio = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int t = offsets[i]; t < offsets[i + 1]; t++) {
        double m = mask == null ? 1.0 : mask[t];
        double d = m * (old[t] - sampler[t]);
        sum += d;
        if (m != 0.0) {
          double abs = Math.abs(old[t] - sampler[t]);
          diffSum += abs;
          diffMax = Math.max(diffMax, abs);
          activeTokens += 1;
        }
        if (!mode.sequenceLevel()) {
          double raw = Math.exp(d);
          double w = correct(raw);
          rho[t] = w;
          if (m != 0.0) {
            ratioMin = Math.min(ratioMin, w);
            ratioMax = Math.max(ratioMax, w);
            ratioSum += w;
            ratioCount += 1;
            if (raw != w) {
              corrected += 1;
            }
          }
        }
      }
      sequenceLogRatio[i] = sum;
      if (mode.sequenceLevel()) {
        double raw = Math.exp(sum);
        double w = correct(raw);
        Arrays.fill(rho, offsets[i], offsets[i + 1], w);
        ratioMin = Math.min(ratioMin, w);
        ratioMax = Math.max(ratioMax, w);
        ratioSum += w;
        ratioCount += 1;
        if (raw != w) {
          corrected += 1;
        }
      }
    }
    if (activeTokens > 0) {
      metrics.put("sampling/sampling_logp_difference/mean", diffSum / activeTokens);
      metrics.put("sampling/sampling_logp_difference/max", diffMax);
    }
    if (ratioCount > 0) {
      metrics.put("sampling/importance_sampling_ratio/min", ratioMin);
      metrics.put("sampling/importance_sampling_ratio/mean", ratioSum / ratioCount);
      metrics.put("sampling/importance_sampling_ratio/max", ratioMax);
      metrics.put("sampling/importance_sampling_ratio/corrected_fraction", corrected / ratioCount);
    }
    double[] sorted = new double[n];
    for (int i = 0; i < n; i++) {
      sorted[i] =
          Math.exp(
              Math.max(
                  -MAX_SEQUENCE_LOG_RATIO, Math.min(MAX_SEQUENCE_LOG_RATIO, sequenceLogRatio[i])));
    }
    Arrays.sort(sorted);
    for (double q : QUANTILES) {
      metrics.put(
          String.format(Locale.ROOT, "sampling/sequence_ratio/p%02d", Math.round(q * 100)),
          quantile(sorted, q));
    }
    return enabled ? rho : null;
  }

  /** The truncated or masked weight of a raw ratio. */
  private double correct(double raw) {
    if (mode.masking()) {
      return raw < clipMin || raw > clipMax ? 0.0 : raw;
    }
    return Math.min(Math.max(raw, clipMin), clipMax);
  }

  /** The q-quantile of sorted values with linear interpolation (numpy's default, method "linear"). */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    double frac = pos - lo;
    return frac == 0.0 ? sorted[lo] : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
  }

  @Override
  public String toString() {
    return "SamplerCorrection["
        + (enabled ? "" : "disabled, ")
        + "mode="
        + mode.trlName()
        + ", clip_min="
        + clipMin
        + ", clip_max="
        + clipMax
        + "]";
  }
}
