package dev.align4j.langchain4j;

import dev.align4j.core.check.Require;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.llm.NonRetriableChatModelException;
import dev.align4j.core.llm.TokenLogProb;
import dev.align4j.core.text.Message;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The align4j side of {@link LangChain4jChatModel}: align4j's request in, align4j's answer out, and the
 * log-probability fall-back. The LangChain4j side (in the subclass) is one {@link #exchange}. (Two files because both
 * libraries name their types {@code ChatModel}, {@code ChatRequest} and {@code ChatResponse}, and each file imports
 * one library's.)
 */
abstract class AdaptedChatModel implements ChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(LangChain4jChatModel.class);

  /**
   * What one LangChain4j call returned, in library-neutral terms.
   *
   * @param text the answer's text, or null when it has none (a tool call)
   * @param tokens per-token log-probabilities the dialect found; empty when none
   * @param finishReason align4j's finish reason, or null
   * @param promptTokens prompt tokens, or -1
   * @param completionTokens completion tokens, or -1
   * @param toolCall whether the answer requests tool executions
   */
  record Exchange(
      @Nullable String text,
      List<TokenLogProb> tokens,
      @Nullable String finishReason,
      int promptTokens,
      int completionTokens,
      boolean toolCall) {}

  private final AtomicBoolean warned = new AtomicBoolean();
  private final AtomicLong fallbacks = new AtomicLong();

  /** Sends {@code messages} with {@code parameters} to the wrapped model; failures as align4j exceptions. */
  abstract Exchange exchange(List<Message> messages, ChatRequestParameters parameters);

  /** The dialect in use. */
  public abstract ProviderDialect dialect();

  @Override
  public final ChatResponse chat(ChatRequest request) {
    Require.nonNull("request", request);
    Exchange e = exchange(request.messages(), dialect().parameters(request));
    if (e.text() == null) {
      throw new NonRetriableChatModelException(
          modelId()
              + ": the answer has no text (finish reason "
              + e.finishReason()
              + (e.toolCall() ? ", a tool call" : "")
              + ")",
          null);
    }
    if (request.wantsLogProbs() && e.tokens().isEmpty()) {
      fallbacks.incrementAndGet();
      if (warned.compareAndSet(false, true)) {
        LOG.warn(
            "{} (dialect {}): the answer has no token log-probabilities although {} alternatives were asked"
                + " for; judges fall back to the hard verdict. Logged once per adapter; see logProbFallbacks().",
            modelId(),
            dialect().name(),
            request.topLogProbs());
      }
    }
    return new ChatResponse(
        e.text(), e.tokens(), e.finishReason(), e.promptTokens(), e.completionTokens());
  }

  /**
   * How many answers came back without log-probabilities although the request asked for them (each one fell back to
   * hard labels). The first is logged at WARN; the count is for metrics.
   */
  public final long logProbFallbacks() {
    return fallbacks.get();
  }
}
