/**
 * Featurizers: turn a (prompt, completion) into a fixed-dimension feature vector.
 * {@link dev.align4j.rewards.feature.HashedNGramFeaturizer} needs no model files;
 * {@link dev.align4j.rewards.feature.EmbeddingFeaturizer} adapts any embedding function the user already calls.
 */
@NullMarked
package dev.align4j.rewards.feature;

import org.jspecify.annotations.NullMarked;
