/**
 * KL divergence between a policy and its reference, from samples: Schulman's estimators k1, k2, k3
 * ({@link dev.align4j.optimizers.kl.KlEstimator}), the KL penalty in rewards ({@link
 * dev.align4j.optimizers.kl.KlRewardShaping}), and the fixed and adaptive coefficient controllers of Ziegler et al.
 * 2019 ({@link dev.align4j.optimizers.kl.FixedKlController}, {@link dev.align4j.optimizers.kl.AdaptiveKlController}).
 */
@NullMarked
package dev.align4j.optimizers.kl;

import org.jspecify.annotations.NullMarked;
