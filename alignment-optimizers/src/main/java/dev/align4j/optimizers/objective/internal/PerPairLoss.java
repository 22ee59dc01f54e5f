package dev.align4j.optimizers.objective.internal;

/**
 * The typed parameters of the per-pair losses that have a fused kernel ({@link PairwiseKernels#perPair}): one record
 * per loss, each holding exactly the settings that loss reads, so that no argument position means different things for
 * different losses. Formulas use ℓ_w = c − c₀, ℓ_l = r − r₀ (c₀ = r₀ = 0 without a reference), Δ = ℓ_w − ℓ_l and
 * lengths |y| in tokens; β is the inverse temperature of each loss.
 */
public sealed interface PerPairLoss {

  /** β &gt; 0 of this loss. */
  double beta();

  /**
   * IPO (Azar et al. 2023): (u − 1/(2β))² with u = ℓ_w/|y_w| − ℓ_l/|y_l| when {@code lengthNormalised} (TRL's form)
   * and u = Δ otherwise (the paper's).
   */
  record Ipo(double beta, boolean lengthNormalised) implements PerPairLoss {}

  /** CPO's IPO: (c/|y_w| − r/|y_l| − 1/(2β))² on policy log-probabilities (no reference). */
  record CpoIpo(double beta) implements PerPairLoss {}

  /** BCO pairwise: −log σ(βℓ_w) − log σ(−βℓ_l). */
  record BcoPair(double beta) implements PerPairLoss {}

  /** APO-zero (D'Oosterlinck et al. 2024, Eq. 7): [1 − σ(βℓ_w)] + σ(βℓ_l). */
  record ApoZero(double beta) implements PerPairLoss {}

  /** SPPO with hard labels (Wu et al. 2024): (ℓ_w − 1/(2β))² + (ℓ_l + 1/(2β))². */
  record SppoHard(double beta) implements PerPairLoss {}

  /** R-DPO (Park et al. 2024, Eq. 9): −log σ(βΔ + α(|y_w| − |y_l|)), α = {@code rdpo_alpha}. */
  record RDpo(double beta, double alpha) implements PerPairLoss {}

  /** DPO-Positive (Pal et al. 2024): −log σ(β(Δ − λ·max(0, −ℓ_w))), λ = {@code dpop_lambda}. */
  record Dpop(double beta, double lambda) implements PerPairLoss {}
}
