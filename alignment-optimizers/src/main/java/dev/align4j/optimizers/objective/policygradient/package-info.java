/**
 * Policy-gradient objectives over sampled tokens with advantages (PPO, GRPO and its variants, RLOO).
 */
@NullMarked
package dev.align4j.optimizers.objective.policygradient;

import org.jspecify.annotations.NullMarked;
