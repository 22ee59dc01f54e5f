/** Tests of the policy-gradient objectives (PPO, GRPO, RLOO) and their token loop. */
@NullMarked
package dev.align4j.optimizers.objective.policygradient;

import org.jspecify.annotations.NullMarked;
