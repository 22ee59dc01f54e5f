package dev.align4j.optimizers.objective.internal;

import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.math.kernel.VectorApiLoader;
import java.lang.invoke.MethodHandles;
import org.jspecify.annotations.Nullable;

/**
 * The fused inner loops of the hot pairwise losses, with a scalar implementation ({@link ScalarPairwiseKernels}, the
 * reference) and a Vector API one ({@code VectorPairwiseKernels}, loaded by reflection through {@link VectorApiLoader}
 * only when {@link Kernels#vectorApiUsable()}), after the model of Lucene's {@code VectorizationProvider}.
 *
 * <p>In every kernel ℓ_w = c − c₀, ℓ_l = r − r₀ (c₀, r₀ = 0 when null) and Δ = ℓ_w − ℓ_l. Outputs are written
 * (or added, with {@code accumulate}) as: {@code losses[i] = lossScale·L_i}, {@code gc[i] = gradScale·∂L_i/∂c_i},
 * {@code gr[i] = gradScale·∂L_i/∂r_i}. The return value is Σ_i lossScale·L_i.
 */
public interface PairwiseKernels {

  /** A short name, e.g. {@code "scalar"} or {@code "vector-api(512-bit)"}. */
  String name();

  /** The core kernels of the same path, for the elementwise transcendental work of the pairwise blocked loop. */
  Kernels math();

  /**
   * The logistic family: x = βΔ − γ, L = a·softplus(−x) + b·softplus(x), ∂L/∂c = β(−aσ(−x) + bσ(x)) = −∂L/∂r.
   * Sigmoid DPO is a = 1, b = 0; cDPO a = 1 − ε, b = ε; robust DPO a = (1−ε)/(1−2ε), b = −ε/(1−2ε).
   */
  double logistic(
      double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double beta, double gamma,
      double a, double b, double gradScale, double lossScale, double[] losses, double[] gc, double[] gr,
      boolean accumulate);

  /** The hinge: L = max(0, m − βΔ), ∂L/∂c = −β·[m − βΔ > 0] = −∂L/∂r. */
  double hinge(
      double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double beta, double margin,
      double gradScale, double lossScale, double[] losses, double[] gc, double[] gr, boolean accumulate);

  /**
   * Other per-pair loss types on reverse-KL scores (the Vector API kernels handle every {@link PerPairLoss}: ipo,
   * cpo_ipo, bco_pair, sppo_hard, apo_zero, r_dpo, dpop), with the formulas on the records: writes or adds
   * {@code lossScale·L_i} and {@code gradScale·∂L_i/∂c_i}, {@code gradScale·∂L_i/∂r_i}.
   *
   * @param loss the loss and its typed parameters
   * @return Σ_i lossScale·L_i, or NaN when this implementation has no kernel for {@code loss} (the caller then runs
   *     its scalar loop)
   */
  double perPair(
      PerPairLoss loss, double[] c, double[] r,
      double @Nullable [] c0, double @Nullable [] r0, int[] lw, int[] ll, int n, double gradScale, double lossScale,
      double[] losses, double[] gc, double[] gr, boolean accumulate);

  /**
   * Sums for the reward metrics into {@code out}: [Σℓ_w, Σℓ_l, #{ℓ_w > ℓ_l}, Σc, Σr].
   */
  void rewardSums(double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double[] out);

  /** The kernels chosen once: Vector API when usable, scalar otherwise. */
  static PairwiseKernels active() {
    return Holder.ACTIVE;
  }

  /** The scalar reference kernels. */
  static PairwiseKernels scalar() {
    return ScalarPairwiseKernels.INSTANCE;
  }

  /** Holds the kernels chosen once by core's {@link VectorApiLoader}, which logs the choice at INFO. */
  final class Holder {
    static final PairwiseKernels ACTIVE = VectorApiLoader.load(
        MethodHandles.lookup(), "dev.align4j.optimizers.objective.internal.VectorPairwiseKernels",
        PairwiseKernels.class, PairwiseKernels::name, "align4j pairwise objectives", "scalar kernels")
        .orElse(ScalarPairwiseKernels.INSTANCE);

    private Holder() {}
  }
}
