package dev.align4j.core.llm;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The call did not complete in time: the client's request or connect timeout expired, or the server answered HTTP 408.
 * Retriable. (Named to stay apart from {@code java.util.concurrent.TimeoutException}, which is checked.)
 */
public final class RemoteTimeoutException extends RetriableChatModelException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, with the timeout
   * @param retryAfter the server's {@code Retry-After} (an HTTP 408 may carry one), or null
   * @param cause the underlying failure (for example the JDK's {@code HttpTimeoutException}), or null
   */
  public RemoteTimeoutException(String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, retryAfter, cause);
  }
}
