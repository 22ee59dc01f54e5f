/**
 * Objectives: pure functions of log-probabilities that return the loss, per-example losses, exact gradients and
 * TRL-named metrics. Pairwise (DPO and relatives), unpaired (KTO, BCO), listwise (Plackett–Luce, LiPO) and policy
 * gradient (PPO, GRPO) families; {@link dev.align4j.optimizers.objective.Objectives} is the string registry that
 * mirrors TRL's {@code loss_type} names and config keys.
 */
@NullMarked
package dev.align4j.optimizers.objective;

import org.jspecify.annotations.NullMarked;
