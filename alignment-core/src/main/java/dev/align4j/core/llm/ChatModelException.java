package dev.align4j.core.llm;

import org.jspecify.annotations.Nullable;

/**
 * A chat model could not answer. The message never contains credentials. Implementations pass the underlying failure
 * (an I/O error, a parse error, an earlier attempt) as the cause, so that the chain reaches the root cause — the
 * message alone may not say it (a refused connection's exception has no message).
 */
public class ChatModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  /**
   * @param message what went wrong
   * @param retryable whether trying again later may succeed (rate limit, timeout, 5xx)
   * @param cause the underlying failure, or null
   */
  public ChatModelException(String message, boolean retryable, @Nullable Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether trying again later may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
