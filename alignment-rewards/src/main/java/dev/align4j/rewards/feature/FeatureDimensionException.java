package dev.align4j.rewards.feature;

import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * A configuration error: a {@link Featurizer} and the vectors or the reward head it is used with disagree on the
 * feature dimension. Thrown when a featurizer returns a vector of another length than its declared
 * {@link Featurizer#dimension()} (at training and at scoring time), when a head is attached to a featurizer of
 * another dimension, and when a saved model is loaded with a featurizer of another dimension than the one it was
 * trained on. The message names the featurizer (its {@link Featurizer#describe() description}), the expected and the
 * actual dimension; the three are also available as {@link #featurizer()}, {@link #expected()} and {@link #actual()}.
 *
 * <p>It is an {@link IllegalArgumentException} (the featurizer the caller passed is wrong), never an I/O error: a
 * model file that loads into this exception is intact.
 */
public final class FeatureDimensionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String featurizer;
  private final int expected;
  private final int actual;

  /**
   * @param message the full message (it should name the featurizer and both dimensions)
   * @param featurizer the featurizer's {@link Featurizer#describe() description}
   * @param expected the dimension that was required
   * @param actual the dimension that was found
   */
  public FeatureDimensionException(String message, String featurizer, int expected, int actual) {
    super(message);
    this.featurizer = Require.nonNull("featurizer", featurizer);
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * Returns {@code vector} when its dimension equals {@code featurizer.dimension()}.
   *
   * @param featurizer the featurizer that produced the vector
   * @param vector what {@link Featurizer#featurize} returned
   * @param context where the vector was produced, e.g. {@code "pair[3].a"} or {@code "scoring"}, for the message
   * @throws FeatureDimensionException when the dimensions differ
   * @throws IllegalArgumentException when the featurizer returned null
   */
  public static FeatureVector requireDeclared(Featurizer featurizer, @Nullable FeatureVector vector, String context) {
    if (vector == null) {
      throw new IllegalArgumentException(context + ": featurizer " + featurizer.describe() + " returned null");
    }
    int declared = featurizer.dimension();
    int actual = vector.dimension();
    if (actual != declared) {
      String name = featurizer.describe();
      throw new FeatureDimensionException(context + ": featurizer " + name + " declares dimension " + declared
          + " but returned a vector of dimension " + actual + " (a featurizer must return vectors of exactly its"
          + " declared dimension)", name, declared, actual);
    }
    return vector;
  }

  /** The description of the featurizer involved. */
  public String featurizer() {
    return featurizer;
  }

  /**
   * The dimension that was required: the featurizer's declared dimension for a returned vector, the head's input
   * dimension when attaching or loading a head.
   */
  public int expected() {
    return expected;
  }

  /** The dimension that was found: the returned vector's, or the featurizer's when attaching or loading a head. */
  public int actual() {
    return actual;
  }
}
