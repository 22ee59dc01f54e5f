package dev.align4j.core.llm;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The endpoint is rate-limiting the caller (HTTP 429). Retriable, after {@link #retryAfter()} if the server said. */
public final class RateLimitException extends RetriableChatModelException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, with the status
   * @param retryAfter the server's {@code Retry-After}, or null
   * @param cause the underlying failure, or null
   */
  public RateLimitException(String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, retryAfter, cause);
  }
}
