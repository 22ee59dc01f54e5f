/**
 * Advantage estimators for policy-gradient training: GAE(γ, λ) ({@link
 * dev.align4j.optimizers.advantage.GaeEstimator}), GRPO's group normalisation ({@link
 * dev.align4j.optimizers.advantage.GroupNormalizedAdvantages}), RLOO's leave-one-out baseline ({@link
 * dev.align4j.optimizers.advantage.RlooAdvantages}), REINFORCE++'s batch-normalised returns ({@link
 * dev.align4j.optimizers.advantage.ReinforcePlusPlusAdvantages}) and ReMax's greedy baseline ({@link
 * dev.align4j.optimizers.advantage.RemaxBaseline}). Per-token results use the ragged flat layout of {@code
 * PolicyGradientBatch}: sequence i owns {@code lengths[i]} consecutive tokens.
 */
@NullMarked
package dev.align4j.optimizers.advantage;

import org.jspecify.annotations.NullMarked;
