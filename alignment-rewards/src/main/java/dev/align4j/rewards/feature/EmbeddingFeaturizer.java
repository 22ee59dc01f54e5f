package dev.align4j.rewards.feature;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * Adapts an embedding function the user already has (a sentence-embedding model, a remote embeddings endpoint, a
 * hand-written feature extractor) into a {@link Featurizer}. The function receives the text to embed; by default
 * that is the completion alone, or, with {@link #withPrompt}, {@code prompt.text() + "\n\n" + completion.text()}.
 *
 * <p>Every returned vector is checked: a null, a vector of another length than the declared {@link #dimension()}
 * (embedding functions that return varying dimensions are a common integration bug) and NaN or infinite components
 * are refused with an {@link IllegalArgumentException} naming the featurizer, the expected and the actual value.
 */
public final class EmbeddingFeaturizer implements Featurizer {

  /** A text embedding function, e.g. {@code text -> embeddingClient.embed(text)}. */
  @FunctionalInterface
  public interface EmbeddingFunction {
    /** The embedding of {@code text}. */
    float[] embed(String text);
  }

  private final String name;
  private final int dimension;
  private final EmbeddingFunction function;
  private final boolean includePrompt;

  private EmbeddingFeaturizer(String name, int dimension, EmbeddingFunction function, boolean includePrompt) {
    this.name = Require.nonBlank("name", name);
    this.dimension = Require.positive("dimension", dimension);
    this.function = Require.nonNull("function", function);
    this.includePrompt = includePrompt;
  }

  /**
   * Embeds the completion text only.
   *
   * @param name a stable name of the embedding model (persisted with trained models, checked on load)
   * @param dimension the declared dimension every embedding must have
   * @param function the embedding function
   */
  public static EmbeddingFeaturizer of(String name, int dimension, EmbeddingFunction function) {
    return new EmbeddingFeaturizer(name, dimension, function, false);
  }

  /** Like {@link #of} but embeds the prompt followed by the completion. */
  public static EmbeddingFeaturizer withPrompt(String name, int dimension, EmbeddingFunction function) {
    return new EmbeddingFeaturizer(name, dimension, function, true);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public FeatureVector featurize(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    String text = includePrompt ? prompt.text() + "\n\n" + completion.text() : completion.text();
    float[] v = function.embed(text);
    if (v == null) {
      throw new IllegalArgumentException("embedding function '" + name + "' returned null");
    }
    if (v.length != dimension) {
      throw new IllegalArgumentException("embedding function '" + name + "' must return vectors of dimension "
          + dimension + ", returned " + v.length);
    }
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException(
            "embedding function '" + name + "' returned a non-finite component: features[" + i + "] was " + v[i]);
      }
    }
    return FeatureVector.dense(v);
  }

  @Override
  public String describe() {
    return "EmbeddingFeaturizer(name=" + name + ", dimension=" + dimension + ", includePrompt=" + includePrompt + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
