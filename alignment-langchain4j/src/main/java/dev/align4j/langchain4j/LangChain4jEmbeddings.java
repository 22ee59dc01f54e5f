package dev.align4j.langchain4j;

import dev.align4j.core.check.Require;
import dev.align4j.rewards.feature.EmbeddingFeaturizer;
import dev.align4j.rewards.feature.Featurizer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;

/**
 * Any LangChain4j {@link EmbeddingModel} as an align4j {@link Featurizer}, so that reward models train and score on
 * real sentence embeddings (an in-process ONNX model such as the bundled all-MiniLM-L6-v2, or a remote embeddings
 * endpoint). The featurizer is align4j's {@link EmbeddingFeaturizer}, which checks every vector (declared dimension,
 * finite components); this class only supplies the embedding function, the dimension and a stable name.
 *
 * <p>The name persisted with a trained model is {@code "langchain4j:" + modelName()} (the class name when the model
 * reports no name), so that a saved reward model is refused when loaded with another embedding model. The dimension
 * is the model's {@code dimension()} (LangChain4j's default embeds a probe text once to find it).
 */
public final class LangChain4jEmbeddings {
  private LangChain4jEmbeddings() {}

  /** Embeds the completion alone. */
  public static EmbeddingFeaturizer featurizer(EmbeddingModel model) {
    Require.nonNull("model", model);
    return EmbeddingFeaturizer.of(name(model), model.dimension(), text -> embed(model, text));
  }

  /** Embeds the prompt followed by the completion ({@code prompt.text() + "\n\n" + completion.text()}). */
  public static EmbeddingFeaturizer featurizerWithPrompt(EmbeddingModel model) {
    Require.nonNull("model", model);
    return EmbeddingFeaturizer.withPrompt(
        name(model), model.dimension(), text -> embed(model, text));
  }

  static String name(EmbeddingModel model) {
    String n = model.modelName();
    return "langchain4j:"
        + (n == null || n.isBlank() || n.equals("unknown") ? model.getClass().getSimpleName() : n);
  }

  private static float[] embed(EmbeddingModel model, String text) {
    // LangChain4j refuses blank text; an empty completion embeds as a single space
    Response<Embedding> r = model.embed(text.isBlank() ? " " : text);
    if (r == null || r.content() == null) {
      throw new IllegalStateException("embedding model " + name(model) + " returned no embedding");
    }
    return r.content().vector();
  }
}
