/**
 * {@link dev.align4j.core.PolicyOptimizer} implementations and the machinery they share.
 *
 * <ul>
 *   <li>this package: {@link dev.align4j.optimizers.optimizer.TrainingLoop} (one all-or-nothing step: zero-grad,
 *       forward/backward, finiteness check, learning-rate schedule, optimiser step, metrics),
 *       {@link dev.align4j.optimizers.optimizer.MetricsListener} with a console progress listener and a JSONL writer,
 *       {@link dev.align4j.optimizers.optimizer.CheckpointFile} (versioned, checksummed checkpoints) and
 *       {@link dev.align4j.optimizers.optimizer.NonFiniteLossException};
 *   <li>{@code .sft} — supervised fine-tuning, rejection-sampling (best-of-n) fine-tuning and best-of-n selection;
 *   <li>{@code .preference} — offline pairwise (DPO and every pairwise objective, with RPO, TR-DPO and sDPO), unpaired
 *       (KTO, BCO) and listwise optimisers, and online / iterative preference optimisation;
 *   <li>{@code .rl} — policy-gradient optimisers: PPO with GAE and a value head, GRPO, RLOO, REINFORCE++, with the KL
 *       to the reference as a reward penalty or a loss term and an adaptive KL controller.
 * </ul>
 */
@NullMarked
package dev.align4j.optimizers.optimizer;

import org.jspecify.annotations.NullMarked;
