package dev.align4j.langchain4j;

import dev.align4j.core.check.Require;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.TokenLogProb;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;

/**
 * What of an align4j chat request a LangChain4j provider can be asked for, and what of the answer it returns beyond
 * the text: the provider-specific part of {@link LangChain4jChatModel}.
 *
 * <p>LangChain4j 1.19's core API has no token log-probabilities: neither {@code ChatRequestParameters} (no
 * {@code logprobs} option) nor {@code ChatResponse} / {@code ChatResponseMetadata} (no field for them) carries them.
 * Providers that support them expose them in their own subclasses: {@code langchain4j-open-ai}'s
 * {@code OpenAiChatRequestParameters.logprobs/topLogprobs} and {@code OpenAiChatResponseMetadata.logProbs()}. So:
 *
 * <ul>
 *   <li>{@link #generic()} sends temperature, the token limit and stop sequences (the core parameters) and reads no
 *       log-probabilities;
 *   <li>{@link #openAi()} (needs {@code langchain4j-open-ai} on the class or module path) also sends the seed and
 *       {@code logprobs}/{@code top_logprobs} when the request wants them, and reads them back;
 *   <li>{@link #forModel} picks {@link #openAi()} for a model whose {@code provider()} is {@code OPEN_AI}, otherwise
 *       {@link #generic()}.
 * </ul>
 *
 * <p>An application with another provider that returns log-probabilities in its own metadata writes a dialect of its
 * own (two methods).
 */
public interface ProviderDialect {

  /** The LangChain4j request parameters for {@code request} (the messages are mapped separately). */
  ChatRequestParameters parameters(ChatRequest request);

  /** The per-token log-probabilities in {@code response}, or an empty list when it has none. */
  List<TokenLogProb> logProbs(ChatResponse response);

  /** A short name for logs ({@code "generic"}, {@code "openai"}). */
  default String name() {
    return getClass().getSimpleName();
  }

  /** The core parameters only; never log-probabilities. */
  static ProviderDialect generic() {
    return GenericDialect.INSTANCE;
  }

  /** OpenAI's chat-completions API through {@code langchain4j-open-ai}: the seed and log-probabilities too. */
  static ProviderDialect openAi() {
    return OpenAiDialect.INSTANCE;
  }

  /** {@link #openAi()} for a model whose provider is {@code OPEN_AI}, otherwise {@link #generic()}. */
  static ProviderDialect forModel(ChatModel model) {
    Require.nonNull("model", model);
    return model.provider() == ModelProvider.OPEN_AI ? openAi() : generic();
  }

  /** The core parameters of {@code request}, for dialects that add to them. */
  static DefaultChatRequestParameters.Builder<?> coreParameters(ChatRequest request) {
    DefaultChatRequestParameters.Builder<?> b =
        DefaultChatRequestParameters.builder()
            .temperature(request.temperature())
            .maxOutputTokens(request.maxTokens());
    if (!request.stop().isEmpty()) {
      b.stopSequences(request.stop());
    }
    return b;
  }
}
