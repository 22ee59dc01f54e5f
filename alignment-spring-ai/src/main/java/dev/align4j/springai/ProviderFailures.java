package dev.align4j.springai;

import dev.align4j.core.llm.AuthenticationException;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.NonRetriableChatModelException;
import dev.align4j.core.llm.RateLimitException;
import dev.align4j.core.llm.RemoteTimeoutException;
import dev.align4j.core.llm.RetriableChatModelException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClientResponseException;

/**
 * Maps what a Spring AI provider threw to align4j's chat-model failures, keeping it as the cause. The HTTP status
 * decides when one can be found — on a Spring {@link RestClientResponseException} anywhere in the cause chain, or at
 * the start of the message of Spring AI's {@link NonTransientAiException} / {@link TransientAiException}, which its
 * default error handler writes as {@code "<status> - <body>"} — with the same table as align4j's own HTTP client:
 * 401/403 → {@link AuthenticationException}, 429 → {@link RateLimitException} (with {@code Retry-After} when the
 * response carries one), 408 → {@link RemoteTimeoutException}, 409 and 5xx → {@link RetriableChatModelException},
 * other 4xx → {@link NonRetriableChatModelException}. Without a status: a timeout in the chain →
 * {@link RemoteTimeoutException}; another I/O failure or a {@link TransientAiException} → retriable; a
 * {@link NonTransientAiException} → non-retriable; anything else (a provider's argument check, a bug) →
 * non-retriable, because trying the same call again would fail the same way.
 *
 * <p>Messages name the model and the status or the failure's type, never the provider's message (which may quote a
 * request header); the provider's exception, as the cause, keeps it.
 */
final class ProviderFailures {
  private static final Pattern LEADING_STATUS = Pattern.compile("^(\\d{3}) - ");

  private ProviderFailures() {}

  static ChatModelException map(String modelId, RuntimeException failure) {
    if (failure instanceof ChatModelException) {
      return (ChatModelException) failure;
    }
    Integer status = null;
    Duration retryAfter = null;
    boolean timeout = false;
    boolean io = false;
    boolean transientAi = false;
    boolean nonTransientAi = false;
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (status == null && c instanceof RestClientResponseException) {
        RestClientResponseException r = (RestClientResponseException) c;
        status = r.getStatusCode().value();
        retryAfter = retryAfter(r.getResponseHeaders());
      }
      if (status == null
          && (c instanceof TransientAiException || c instanceof NonTransientAiException)) {
        status = leadingStatus(c.getMessage());
      }
      timeout |=
          c instanceof HttpTimeoutException
              || c instanceof SocketTimeoutException
              || c instanceof TimeoutException;
      io |= c instanceof IOException;
      transientAi |= c instanceof TransientAiException;
      nonTransientAi |= c instanceof NonTransientAiException;
    }
    String head = "the Spring AI chat model " + modelId + " failed";
    if (status != null) {
      String message = head + ": HTTP " + status + " (" + failure.getClass().getSimpleName() + ")";
      if (status == 401 || status == 403) {
        return new AuthenticationException(message, failure);
      }
      if (status == 429) {
        return new RateLimitException(message, retryAfter, failure);
      }
      if (status == 408) {
        return new RemoteTimeoutException(message, retryAfter, failure);
      }
      if (status == 409 || status >= 500) {
        return new RetriableChatModelException(message, retryAfter, failure);
      }
      return new NonRetriableChatModelException(message, failure);
    }
    String message = head + " (" + failure.getClass().getSimpleName() + ")";
    if (timeout) {
      return new RemoteTimeoutException(message + ": timed out", null, failure);
    }
    if (io || (transientAi && !nonTransientAi)) {
      return new RetriableChatModelException(message, null, failure);
    }
    return new NonRetriableChatModelException(message, failure);
  }

  private static @Nullable Integer leadingStatus(@Nullable String message) {
    if (message == null) {
      return null;
    }
    Matcher m = LEADING_STATUS.matcher(message);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  /** {@code Retry-After} in delta-seconds, or null (an HTTP-date or no header). */
  private static @Nullable Duration retryAfter(@Nullable HttpHeaders headers) {
    String value = headers == null ? null : headers.getFirst(HttpHeaders.RETRY_AFTER);
    if (value == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
