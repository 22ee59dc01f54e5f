/**
 * Rewards defined by the core interfaces alone: {@link dev.align4j.core.reward.ImplicitReward}, the implicit reward
 * {@code β·log π/π_ref} of a policy against its reference, at response and token level (used by the rewards module
 * as a reward model and by the optimizers as the self-rewarding judge).
 */
@NullMarked
package dev.align4j.core.reward;

import org.jspecify.annotations.NullMarked;
