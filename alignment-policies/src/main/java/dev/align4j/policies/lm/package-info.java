/**
 * A small decoder-only transformer language model in pure Java that implements
 * {@link dev.align4j.core.TrainablePolicy}: pre-norm GPT-2-style blocks with learned or rotary positions, an analytic
 * backward pass, AdamW with global-norm clipping, sampling with temperature / top-k / top-p and a KV cache, an
 * optional value head for PPO, batch-parallel forward and backward on a caller-supplied executor, and versioned,
 * checksummed checkpoints. Matrix products run on {@link dev.align4j.core.math.kernel.Kernels}.
 */
@NullMarked
package dev.align4j.policies.lm;

import org.jspecify.annotations.NullMarked;
