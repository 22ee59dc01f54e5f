/**
 * Preference optimisers: offline pairwise ({@link PairwisePreferenceOptimizer},
 * any pairwise objective, with a cached reference, RPO SFT mixing, TR-DPO reference sync and sDPO stages), unpaired
 * ({@link dev.align4j.optimizers.optimizer.preference.UnpairedPreferenceOptimizer}, KTO/BCO), listwise
 * ({@link dev.align4j.optimizers.optimizer.preference.ListwisePreferenceOptimizer}) and online / iterative
 * ({@link dev.align4j.optimizers.optimizer.preference.OnlinePreferenceOptimizer}).
 */
@NullMarked
package dev.align4j.optimizers.optimizer.preference;

import org.jspecify.annotations.NullMarked;
