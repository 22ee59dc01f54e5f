package dev.align4j.rewards.feature;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * Turns a (prompt, completion) pair into a feature vector of a fixed {@link #dimension()}: the input of the learned
 * reward heads in {@code dev.align4j.rewards.model}.
 *
 * <p>Implementations must be deterministic and thread-safe, must return vectors of exactly {@link #dimension()}
 * components, and must never return NaN or infinite values (the trainers and the reward models check, at training
 * and at scoring time, and refuse such vectors with an error that names the featurizer; a wrong dimension is a
 * {@link FeatureDimensionException}).
 */
public interface Featurizer {

  /** The length of every vector this featurizer returns. */
  int dimension();

  /** The features of {@code completion} as an answer to {@code prompt}. */
  FeatureVector featurize(Prompt prompt, Completion completion);

  /**
   * {@code Σ_i x_i · weights[offset + i]} for {@code x = featurize(prompt, completion)}: the score of a linear head.
   * This default checks that {@code x} has exactly {@link #dimension()} components and throws a
   * {@link FeatureDimensionException} naming this featurizer and both dimensions otherwise (a shorter vector would
   * silently ignore weights, a longer one read past them). Featurizers may override it with a fused loop that never
   * materialises the vector (the hashed featurizer does); an override must read exactly
   * {@code weights[offset, offset + dimension())}, which cannot be checked without building the vector.
   */
  default double dot(Prompt prompt, Completion completion, float[] weights, int offset) {
    return FeatureDimensionException.requireDeclared(this, featurize(prompt, completion), "scoring")
        .dot(weights, offset);
  }

  /**
   * A short, stable description of the configuration (used by persistence to check that a saved model is loaded
   * with the featurizer it was trained with). Never contains secrets.
   */
  default String describe() {
    return getClass().getSimpleName() + "(dimension=" + dimension() + ")";
  }
}
