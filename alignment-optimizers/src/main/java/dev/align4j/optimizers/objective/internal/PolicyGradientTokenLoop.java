package dev.align4j.optimizers.objective.internal;

import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.math.kernel.VectorApiLoader;
import java.lang.invoke.MethodHandles;
import org.jspecify.annotations.Nullable;

/**
 * The hot loop of the token-level clipped surrogate (GRPO's {@code grpo, bnpo, dr_grpo, dapo} and PPO's policy part)
 * over one unmasked sequence, or one run of weight-1 tokens of a 0/1 mask, as an optional Vector API kernel
 * ({@code VectorPolicyGradientTokenLoop}, loaded by reflection through {@link VectorApiLoader} only when
 * {@link Kernels#vectorApiUsable()}, after Lucene's {@code VectorizationProvider}). The scalar reference is the general
 * loop of the policy-gradient family's {@code PolicyGradientKernel}, which also handles every case this one does not
 * (fractional masks, sequence-level ratios, CISPO, SAPO, δ, bias-corrected KL) and names the offending token when a
 * log-ratio is out of range.
 */
public interface PolicyGradientTokenLoop {

  /** The largest importance log-ratio (and reference log-ratio for k3) accepted; e^200 ≈ 7e86. */
  double MAX_LOG_RATIO = 200.0;

  /** A short name, e.g. {@code "vector-api(512-bit)"}. */
  String name();

  /**
   * Per token t in [from, to): ρ = exp(logπ − logπold), ℒ = −min(ρA, clip(ρ, lo, hi)A) + β·k3 with
   * k3 = e^x − 1 − x, x = logπref − logπ (β = 0: no reference needed). Writes {@code grad[t] = w·∂ℒ/∂logπ_t} and adds
   * to {@code acc}: [0] Σℒ, [1] #low-clipped, [2] #high-clipped, [3] Σρ, [4] Σ½(logρ)², [5] Σk3.
   *
   * @return false when a log-ratio exceeds {@link #MAX_LOG_RATIO} (the caller then reruns the
   *     general loop, which reports the token); {@code grad} and {@code acc} are then unspecified
   */
  boolean clip(
      double[] lp,
      double[] old,
      double @Nullable [] ref,
      double[] adv,
      int from,
      int to,
      double lo,
      double hi,
      double beta,
      double w,
      double[] grad,
      double[] acc);

  /**
   * The same surrogate with one ratio ρ for the whole sequence (GSPO's mean or RLOO's summed log-ratio, computed and
   * range-checked by the caller): per token ℒ = −min(ρA, clip(ρ, lo, hi)A) + β·k3. Writes
   * {@code grad[t] = w·β·∂k3/∂logπ_t + (w·Σ_t' ∂ℒ_t'/∂ρ)·ρ/denominator} and adds to {@code acc} as {@link #clip}
   * ([1], [2] count the tokens of clipped lanes; [3] adds ρ per token).
   *
   * @return false when a reference log-ratio exceeds {@link #MAX_LOG_RATIO}
   */
  boolean sequence(
      double[] lp,
      double[] old,
      double @Nullable [] ref,
      double[] adv,
      int from,
      int to,
      double rho,
      double lo,
      double hi,
      double beta,
      double w,
      double denominator,
      double[] grad,
      double[] acc);

  /** The Vector API loop, or null when the Vector API is not usable (then the general scalar loop runs). */
  static @Nullable PolicyGradientTokenLoop active() {
    return Holder.ACTIVE;
  }

  /** Holds the loop chosen once by core's {@link VectorApiLoader}, which logs the choice at INFO. */
  final class Holder {
    static final @Nullable PolicyGradientTokenLoop ACTIVE =
        VectorApiLoader.load(
                MethodHandles.lookup(),
                "dev.align4j.optimizers.objective.internal.VectorPolicyGradientTokenLoop",
                PolicyGradientTokenLoop.class,
                PolicyGradientTokenLoop::name,
                "align4j policy-gradient objectives",
                "scalar loops")
            .orElse(null);

    private Holder() {}
  }
}
