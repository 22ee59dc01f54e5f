package dev.align4j.core.llm;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A chat call failed in a way that trying again later may fix: a rate limit, a timeout, an I/O failure, a server error
 * (5xx), a malformed answer. {@link #retryable()} is true. When the server said how long to wait ({@code Retry-After}),
 * {@link #retryAfter()} has it.
 */
public class RetriableChatModelException extends ChatModelException {
  private static final long serialVersionUID = 1L;
  private final transient @Nullable Duration retryAfter;

  /**
   * @param message what went wrong
   * @param retryAfter how long the server asked the caller to wait, or null if it did not say
   * @param cause the underlying failure, or null
   */
  public RetriableChatModelException(String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, true, cause);
    this.retryAfter = retryAfter;
  }

  /** How long the server asked the caller to wait before the next attempt, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
