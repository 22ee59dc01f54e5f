package dev.align4j.optimizers.objective.pairwise;

import dev.align4j.core.math.StableMath;
import java.util.Locale;

/**
 * The f-divergence of f-DPO (Wang et al., "Beyond Reverse KL: Generalizing Direct Preference Optimization with
 * Diverse Divergence Constraints", 2023), as TRL's {@code f_divergence_type}: a score g(ℓ) applied to each log-ratio
 * ℓ = log π_θ(y) − log π_ref(y) before the loss forms Δ = g(ℓ_w) − g(ℓ_l) (constants dropped, exactly as TRL HEAD).
 *
 * <table>
 *   <caption>scores</caption>
 *   <tr><th>value</th><th>g(ℓ)</th></tr>
 *   <tr><td>{@code reverse_kl}</td><td>ℓ (standard DPO)</td></tr>
 *   <tr><td>{@code forward_kl}</td><td>−e^{−ℓ}</td></tr>
 *   <tr><td>{@code js_divergence}</td><td>log σ(ℓ)</td></tr>
 *   <tr><td>{@code alpha_divergence}</td><td>e^{(α−1)ℓ}/(α−1), α = {@code f_alpha_divergence_coef}; ℓ when
 *       |α − 1| &lt; 1e-6</td></tr>
 * </table>
 *
 * <p>α follows TRL HEAD's parameterisation, f′(u) = (u^{α−1} − 1)/(α − 1), which is the paper's with α ↦ 1 − α
 * (they agree at the default α = 0.5); {@link #paperAlpha(double)} converts. Exponent arguments are clamped at
 * {@value #MAX_EXPONENT} before {@code exp}, as TRL does for fp32 (the gradient is 0 beyond the clamp); align4j applies
 * the same clamp to {@code forward_kl} so that the score stays finite for log-ratios down to −1e9.
 */
public enum FDivergence {
  /** g(ℓ) = ℓ. */
  REVERSE_KL("reverse_kl"),
  /** g(ℓ) = −e^{−ℓ}. */
  FORWARD_KL("forward_kl"),
  /** g(ℓ) = log σ(ℓ). */
  JS_DIVERGENCE("js_divergence"),
  /** g(ℓ) = e^{(α−1)ℓ}/(α−1). */
  ALPHA_DIVERGENCE("alpha_divergence");

  /** The clamp on exponent arguments (TRL's fp32 value). */
  public static final double MAX_EXPONENT = 80.0;

  /** TRL's default {@code f_divergence_type} ({@code DPOConfig}): reverse KL, which is plain DPO. */
  public static final FDivergence DEFAULT = REVERSE_KL;

  /** TRL's default {@code f_alpha_divergence_coef}. */
  public static final double DEFAULT_ALPHA = 0.5;

  private final String trlName;

  FDivergence(String trlName) {
    this.trlName = trlName;
  }

  /** TRL's {@code f_divergence_type} string. */
  public String trlName() {
    return trlName;
  }

  /** The value for a TRL {@code f_divergence_type} string. */
  public static FDivergence fromTrlName(String name) {
    for (FDivergence f : values()) {
      if (f.trlName.equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "f_divergence_type must be one of [alpha_divergence, forward_kl, js_divergence, reverse_kl], was \""
            + name.toLowerCase(Locale.ROOT) + "\"");
  }

  /** Converts the f-DPO paper's α to TRL HEAD's {@code f_alpha_divergence_coef} (α ↦ 1 − α; an involution). */
  public static double paperAlpha(double alpha) {
    return 1.0 - alpha;
  }

  /** The score g(ℓ). */
  public double score(double logRatio, double alpha) {
    switch (this) {
      case REVERSE_KL:
        return logRatio;
      case FORWARD_KL:
        return -Math.exp(Math.min(-logRatio, MAX_EXPONENT));
      case JS_DIVERGENCE:
        return StableMath.logSigmoid(logRatio);
      case ALPHA_DIVERGENCE:
      default:
        if (Math.abs(alpha - 1.0) < 1e-6) {
          return logRatio;
        }
        return Math.exp(Math.min((alpha - 1.0) * logRatio, MAX_EXPONENT)) / (alpha - 1.0);
    }
  }

  /** The derivative g′(ℓ) (0 where the exponent is clamped). */
  public double derivative(double logRatio, double alpha) {
    switch (this) {
      case REVERSE_KL:
        return 1.0;
      case FORWARD_KL:
        return -logRatio < MAX_EXPONENT ? Math.exp(-logRatio) : 0.0;
      case JS_DIVERGENCE:
        return StableMath.sigmoid(-logRatio);
      case ALPHA_DIVERGENCE:
      default:
        if (Math.abs(alpha - 1.0) < 1e-6) {
          return 1.0;
        }
        double t = (alpha - 1.0) * logRatio;
        return t < MAX_EXPONENT ? Math.exp(t) : 0.0;
    }
  }
}
