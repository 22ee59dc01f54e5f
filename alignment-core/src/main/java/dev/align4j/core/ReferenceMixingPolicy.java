package dev.align4j.core;

/**
 * A trainable policy that can build a frozen reference from a mixture of its own parameters and those of an older
 * frozen copy: {@code θ_ref ← α·θ + (1 − α)·θ_ref}. This is TR-DPO's soft reference update (Gorbatovski et al. 2024,
 * "Learn your reference model for real good alignment"; TRL's {@code sync_ref_model} with
 * {@code ref_model_mixup_alpha}). With α = 1 it equals {@link #frozenCopy()}, which any trainable policy supports.
 */
public interface ReferenceMixingPolicy extends TrainablePolicy {

  /**
   * A frozen policy with parameters {@code alpha·θ + (1 − alpha)·θ_ref}.
   *
   * @param reference a frozen copy made by this policy (or by a policy of the same shape)
   * @param alpha the weight of the current parameters, in [0, 1]
   * @throws IllegalArgumentException when {@code reference} is not a frozen copy of the same shape, naming both shapes
   */
  Policy frozenMixture(Policy reference, double alpha);
}
