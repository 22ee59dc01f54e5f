package dev.align4j.langchain4j;

import dev.align4j.core.check.Require;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.align4j.core.llm.AuthenticationException;
import dev.align4j.core.llm.BadResponseException;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.NonRetriableChatModelException;
import dev.align4j.core.llm.RateLimitException;
import dev.align4j.core.llm.RemoteTimeoutException;
import dev.align4j.core.llm.RetriableChatModelException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Maps a failure of a LangChain4j model call to align4j's chat-model exceptions, keeping the LangChain4j exception as
 * the cause (so the chain reaches the provider's own error).
 *
 * <p>LangChain4j 1.19 ({@code dev.langchain4j.exception}) already sorts provider errors into
 * {@code RetriableException} and {@code NonRetriableException} subtypes; the table follows them, and reads the HTTP
 * status of a bare {@code HttpException} the way LangChain4j's own mapper does:
 *
 * <table>
 *   <caption>LangChain4j exception to align4j exception</caption>
 *   <tr><th>LangChain4j</th><th>align4j</th></tr>
 *   <tr><td>{@code RateLimitException}, HTTP 429</td><td>{@link RateLimitException}</td></tr>
 *   <tr><td>{@code TimeoutException}, HTTP 408, a JDK HTTP or socket timeout in the chain</td>
 *       <td>{@link RemoteTimeoutException}</td></tr>
 *   <tr><td>{@code AuthenticationException}, HTTP 401 and 403</td><td>{@link AuthenticationException}</td></tr>
 *   <tr><td>{@code InternalServerException}, HTTP 5xx, another {@code RetriableException}</td>
 *       <td>{@link RetriableChatModelException}</td></tr>
 *   <tr><td>a Jackson {@code JsonProcessingException} in the chain (a 2xx body that does not parse)</td>
 *       <td>{@link BadResponseException} (retriable)</td></tr>
 *   <tr><td>another {@code IOException} in the chain (a transport failure)</td>
 *       <td>{@link RetriableChatModelException}</td></tr>
 *   <tr><td>{@code ContentFilteredException}, {@code InvalidRequestException}, {@code ModelNotFoundException},
 *       another {@code NonRetriableException}, another 4xx, any other exception</td>
 *       <td>{@link NonRetriableChatModelException}</td></tr>
 * </table>
 *
 * <p>LangChain4j's exceptions do not carry the response headers, so {@code retryAfter()} is always empty. The message
 * names the model, the class of the LangChain4j exception and the HTTP status when there is one; it does not copy the
 * provider's message (an error body may quote part of a key): that stays in the cause.
 */
public final class ProviderExceptions {
  private ProviderExceptions() {}

  /**
   * The align4j exception for {@code failure}, thrown by a LangChain4j model whose id is {@code modelId}. An align4j
   * {@link ChatModelException} is returned as it is.
   */
  public static ChatModelException toAlign4j(String modelId, Throwable failure) {
    Require.nonNull("modelId", modelId);
    Require.nonNull("failure", failure);
    if (failure instanceof ChatModelException c) {
      return c;
    }
    HttpException http = find(failure, HttpException.class);
    Integer status = http == null ? null : http.statusCode();
    String what = modelId + ": " + failure.getClass().getSimpleName() + (status == null ? "" : " (HTTP " + status + ")");
    if (failure instanceof dev.langchain4j.exception.RateLimitException || (status != null && status == 429)) {
      return new RateLimitException(what + ": rate limited", null, failure);
    }
    if (failure instanceof TimeoutException || (status != null && status == 408)
        || find(failure, HttpTimeoutException.class) != null || find(failure, SocketTimeoutException.class) != null) {
      return new RemoteTimeoutException(what + ": timed out", null, failure);
    }
    if (failure instanceof dev.langchain4j.exception.AuthenticationException
        || (status != null && (status == 401 || status == 403))) {
      return new AuthenticationException(what + ": credentials or permission refused", failure);
    }
    if (failure instanceof ContentFilteredException) {
      return new NonRetriableChatModelException(what + ": the provider's content filter refused", failure);
    }
    if (failure instanceof InternalServerException || failure instanceof RetriableException
        || (status != null && status >= 500 && status < 600)) {
      return new RetriableChatModelException(what + ": server error", null, failure);
    }
    if (failure instanceof NonRetriableException || status != null) {
      return new NonRetriableChatModelException(what + ": request refused", failure);
    }
    if (find(failure, JsonProcessingException.class) != null) {
      return new BadResponseException(what + ": the answer does not parse", failure);
    }
    if (find(failure, IOException.class) != null || failure instanceof UncheckedIOException) {
      return new RetriableChatModelException(what + ": transport failure", null, failure);
    }
    return new NonRetriableChatModelException(what + ": the model call failed", failure);
  }

  /** The first throwable of type {@code type} in the cause chain of {@code t} (itself included), or null. */
  private static <T extends Throwable> @Nullable T find(Throwable t, Class<T> type) {
    Throwable c = t;
    for (int depth = 0; c != null && depth < 32; depth++) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      c = c.getCause();
    }
    return null;
  }
}
