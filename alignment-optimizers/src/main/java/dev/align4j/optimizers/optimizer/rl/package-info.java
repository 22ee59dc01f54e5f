/**
 * Policy-gradient optimisers against any {@link dev.align4j.core.RewardModel}:
 * {@link dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer} runs PPO (GAE and a value head), GRPO, RLOO and
 * REINFORCE++, with the KL to the reference as a reward penalty or a loss term and an
 * {@link dev.align4j.optimizers.kl.AdaptiveKlController}.
 */
@NullMarked
package dev.align4j.optimizers.optimizer.rl;

import org.jspecify.annotations.NullMarked;
