package dev.align4j.langchain4j;

import dev.align4j.core.check.Require;
import dev.align4j.core.llm.NonRetriableChatModelException;
import dev.align4j.core.text.Message;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any LangChain4j chat model ({@link ChatModel}) as an align4j chat model ({@link dev.align4j.core.llm.ChatModel}), so
 * that {@code LlmJudge}, {@code LlmJudgeReward} and {@code CritiqueRevisionLoop} run on every provider LangChain4j
 * supports. (Named after the side it adapts: both libraries have a {@code ChatModel}.)
 *
 * <p>Request: the messages map as {@link Conversations#toLangChain4j} says; temperature, the token limit, stop
 * sequences and — where the {@link ProviderDialect} can say them — the seed and the number of log-probability
 * alternatives go into the request parameters; everything else (the model name, the key, timeouts, the provider's
 * retries) is the LangChain4j model's own configuration.
 *
 * <p>Answer: the AI message's text, the finish reason ({@code "stop"}, {@code "length"}, {@code "tool_calls"},
 * {@code "content_filter"}, {@code "other"}), the token usage (-1 when the provider reports none) and the per-token
 * log-probabilities the dialect finds. An answer without text (a tool call) is a
 * {@link NonRetriableChatModelException}; a provider failure is mapped by {@link ProviderExceptions} (cause kept).
 *
 * <p>Log-probability fall-back: when a request asks for log-probabilities and the answer has none (the provider or
 * its LangChain4j module does not return them), the answer is returned without them — the judges then use the hard
 * verdict ({@code soft_label_source = verdict} in their provenance) — and the first such answer of this adapter is
 * logged at WARN; later ones are counted ({@link #logProbFallbacks()}), not logged. It is never an error.
 *
 * <p>Thread-safe when the LangChain4j model is (LangChain4j's HTTP models are).
 */
public final class LangChain4jChatModel extends AdaptedChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(LangChain4jChatModel.class);

  private final ChatModel delegate;
  private final ProviderDialect dialect;
  private final String modelId;

  private LangChain4jChatModel(ChatModel delegate, ProviderDialect dialect, String modelId) {
    this.delegate = delegate;
    this.dialect = dialect;
    this.modelId = modelId;
  }

  /** Adapts {@code model} with the dialect {@link ProviderDialect#forModel} picks and the id it reports. */
  public static LangChain4jChatModel of(ChatModel model) {
    Require.nonNull("model", model);
    return new LangChain4jChatModel(model, ProviderDialect.forModel(model), defaultModelId(model));
  }

  /** Adapts {@code model} with an explicit dialect and model id (the id is provenance: never put a key in it). */
  public static LangChain4jChatModel of(ChatModel model, ProviderDialect dialect, String modelId) {
    return new LangChain4jChatModel(
        Require.nonNull("model", model),
        Require.nonNull("dialect", dialect),
        Require.nonBlank("modelId", modelId));
  }

  /** {@code provider/modelName} from the model's default parameters, or the provider alone. */
  static String defaultModelId(ChatModel model) {
    String provider =
        model.provider() == null ? "unknown" : model.provider().name().toLowerCase(Locale.ROOT);
    String name = null;
    try {
      name =
          model.defaultRequestParameters() == null
              ? null
              : model.defaultRequestParameters().modelName();
    } catch (RuntimeException e) {
      LOG.debug("model {} reports no default parameters", model.getClass().getName(), e);
    }
    return name == null || name.isBlank() ? provider : provider + "/" + name;
  }

  @Override
  Exchange exchange(List<Message> messages, ChatRequestParameters parameters) {
    ChatRequest lc =
        ChatRequest.builder()
            .messages(Conversations.toLangChain4j(messages))
            .parameters(parameters)
            .build();
    ChatResponse r;
    try {
      r = delegate.chat(lc);
    } catch (RuntimeException e) {
      throw ProviderExceptions.toAlign4j(modelId, e);
    }
    if (r == null || r.aiMessage() == null) {
      throw new NonRetriableChatModelException(modelId + ": the model returned no message", null);
    }
    AiMessage ai = r.aiMessage();
    TokenUsage usage = r.tokenUsage();
    return new Exchange(
        ai.text(),
        dialect.logProbs(r),
        finishReason(r.finishReason()),
        count(usage, true),
        count(usage, false),
        ai.hasToolExecutionRequests());
  }

  private static int count(@Nullable TokenUsage usage, boolean input) {
    Integer n = usage == null ? null : input ? usage.inputTokenCount() : usage.outputTokenCount();
    return n == null ? -1 : n;
  }

  private static @Nullable String finishReason(@Nullable FinishReason f) {
    if (f == null) {
      return null;
    }
    switch (f) {
      case STOP:
        return "stop";
      case LENGTH:
        return "length";
      case TOOL_EXECUTION:
        return "tool_calls";
      case CONTENT_FILTER:
        return "content_filter";
      default:
        return "other";
    }
  }

  @Override
  public ProviderDialect dialect() {
    return dialect;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public String toString() {
    return "LangChain4jChatModel[" + modelId + ", dialect " + dialect.name() + "]";
  }
}
