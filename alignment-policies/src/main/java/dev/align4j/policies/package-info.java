/**
 * Trainable policies.
 *
 * <ul>
 *   <li>{@link dev.align4j.policies.LogLinearPolicy} — a softmax over a candidate set,
 *       {@code π(y | x) ∝ exp(θ·φ(x, y))}, with features from a {@link dev.align4j.policies.CandidateFeaturizer}:
 *       the reranking / response-selection policy, exact and fast;
 *   <li>the transformer language model in {@code dev.align4j.policies.lm} and its tokenizers in
 *       {@code dev.align4j.policies.token}.
 * </ul>
 *
 * <p>Both implement the capability interfaces of core ({@link dev.align4j.core.ValueHeadPolicy},
 * {@link dev.align4j.core.train.Checkpointable}; the log-linear policy also
 * {@link dev.align4j.core.ReferenceMixingPolicy}) and train with core's {@link dev.align4j.core.train.AdamW}.
 */
@NullMarked
package dev.align4j.policies;

import org.jspecify.annotations.NullMarked;
