package dev.align4j.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.align4j.core.check.Require;
import dev.align4j.core.llm.ChatModelException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
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
 * <p>LangChain4j 1.19 ({@code dev.langchain4j.exception}, the left column) already sorts provider errors into
 * {@code RetriableException} and {@code NonRetriableException} subtypes; the table follows them, and reads the HTTP
 * status of a bare {@code HttpException} the way LangChain4j's own mapper does. The right column is align4j's
 * ({@code dev.align4j.core.llm}):
 *
 * <table>
 *   <caption>LangChain4j exception to align4j exception</caption>
 *   <tr><th>LangChain4j</th><th>align4j</th></tr>
 *   <tr><td>{@code RateLimitException}, HTTP 429</td><td>{@code RateLimitException}</td></tr>
 *   <tr><td>{@code TimeoutException}, HTTP 408, a JDK HTTP or socket timeout in the chain</td>
 *       <td>{@code RemoteTimeoutException}</td></tr>
 *   <tr><td>{@code AuthenticationException}, HTTP 401 and 403</td><td>{@code AuthenticationException}</td></tr>
 *   <tr><td>{@code InternalServerException}, HTTP 5xx, another {@code RetriableException}</td>
 *       <td>{@code RetriableChatModelException}</td></tr>
 *   <tr><td>a Jackson {@code JsonProcessingException} in the chain (a 2xx body that does not parse)</td>
 *       <td>{@code BadResponseException} (retriable)</td></tr>
 *   <tr><td>another {@code IOException} in the chain (a transport failure)</td>
 *       <td>{@code RetriableChatModelException}</td></tr>
 *   <tr><td>{@code ContentFilteredException}, {@code InvalidRequestException}, {@code ModelNotFoundException},
 *       another {@code NonRetriableException}, another 4xx, any other exception</td>
 *       <td>{@code NonRetriableChatModelException}</td></tr>
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
    FailureKind kind = classify(failure, status);
    String what =
        modelId
            + ": "
            + failure.getClass().getSimpleName()
            + (status == null ? "" : " (HTTP " + status + ")");
    return kind.toException(what + ": " + kind.description, failure);
  }

  /** The kind of {@code failure}, whose cause chain holds an HTTP status or not. */
  static FailureKind classify(Throwable failure, @Nullable Integer status) {
    if (failure instanceof RateLimitException || is(status, 429)) {
      return FailureKind.RATE_LIMIT;
    }
    if (failure instanceof TimeoutException
        || is(status, 408)
        || find(failure, HttpTimeoutException.class) != null
        || find(failure, SocketTimeoutException.class) != null) {
      return FailureKind.TIMEOUT;
    }
    if (failure instanceof AuthenticationException || is(status, 401) || is(status, 403)) {
      return FailureKind.AUTHENTICATION;
    }
    if (failure instanceof ContentFilteredException) {
      return FailureKind.CONTENT_FILTERED;
    }
    if (failure instanceof InternalServerException
        || failure instanceof RetriableException
        || (status != null && status >= 500 && status < 600)) {
      return FailureKind.SERVER_ERROR;
    }
    if (failure instanceof NonRetriableException || status != null) {
      return FailureKind.REFUSED;
    }
    if (find(failure, JsonProcessingException.class) != null) {
      return FailureKind.BAD_RESPONSE;
    }
    if (find(failure, IOException.class) != null || failure instanceof UncheckedIOException) {
      return FailureKind.TRANSPORT;
    }
    return FailureKind.OTHER;
  }

  private static boolean is(@Nullable Integer status, int code) {
    return status != null && status == code;
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
