package dev.align4j.core.llm;

import dev.align4j.core.AlignmentException;
import org.jspecify.annotations.Nullable;

/**
 * A chat model could not answer. The message never contains credentials. Implementations pass the underlying failure
 * (an I/O error, a parse error, an earlier attempt) as the cause, so that the chain reaches the root cause — the
 * message alone may not say it (a refused connection's exception has no message).
 *
 * <p>Implementations throw one of the two subtypes, so that a caller can decide by type (the pattern LangChain4j users
 * know): {@link RetriableChatModelException} (trying again later may succeed: {@link RateLimitException},
 * {@link RemoteTimeoutException}, {@link BadResponseException}, a 5xx) and {@link NonRetriableChatModelException}
 * (it will fail again: {@link AuthenticationException}, another 4xx, a refusal). {@link #retryable()} agrees with the
 * subtype. The public constructor stays for implementations written before the subtypes existed.
 */
public class ChatModelException extends AlignmentException {
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
