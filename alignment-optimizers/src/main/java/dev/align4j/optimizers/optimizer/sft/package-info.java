/**
 * Supervised fine-tuning ({@link dev.align4j.optimizers.optimizer.sft.SftOptimizer}), rejection-sampling / best-of-n
 * fine-tuning ({@link dev.align4j.optimizers.optimizer.sft.RejectionSamplingOptimizer}, RAFT-style) and best-of-n
 * selection at inference time ({@link dev.align4j.optimizers.optimizer.sft.BestOfNSelector}).
 */
@NullMarked
package dev.align4j.optimizers.optimizer.sft;

import org.jspecify.annotations.NullMarked;
