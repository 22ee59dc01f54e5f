/**
 * Trainable policies and the optimiser building blocks they share.
 *
 * <ul>
 *   <li>{@link dev.align4j.optimizers.policy.LogLinearPolicy} — a softmax over a candidate set,
 *       {@code π(y | x) ∝ exp(θ·φ(x, y))}, with features from a {@link dev.align4j.optimizers.policy.CandidateFeaturizer}:
 *       the reranking / response-selection policy, exact and fast;
 *   <li>{@link dev.align4j.optimizers.policy.AdamW} — Adam with decoupled weight decay (Loshchilov and Hutter 2019) and
 *       global-norm gradient clipping, all-or-nothing: a non-finite gradient changes nothing;
 *   <li>{@link dev.align4j.optimizers.policy.LearningRateSchedule} — constant, linear and cosine schedules with linear
 *       warm-up (the Hugging Face {@code transformers} schedules);
 *   <li>capability interfaces an optimiser may use when a policy offers them:
 *       {@link dev.align4j.optimizers.policy.Checkpointable} (save and restore the full training state),
 *       {@link dev.align4j.optimizers.policy.ValueHeadPolicy} (a value head for PPO) and
 *       {@link dev.align4j.optimizers.policy.ReferenceMixingPolicy} (soft reference updates for TR-DPO).
 * </ul>
 *
 * <p>The transformer language model lives in {@code dev.align4j.optimizers.policy.lm}.
 */
@NullMarked
package dev.align4j.optimizers.policy;

import org.jspecify.annotations.NullMarked;
