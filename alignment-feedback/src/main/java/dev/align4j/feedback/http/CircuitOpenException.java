package dev.align4j.feedback.http;

import dev.align4j.core.llm.RetriableChatModelException;
import org.jspecify.annotations.Nullable;

/**
 * A call was rejected without being sent because the {@link CircuitBreaker} is open: the endpoint failed
 * {@code failureThreshold} times in a row. Retryable (the breaker lets a trial call through after its open duration);
 * the cause is the last failure that the client saw, so the chain still reaches the root cause (a refused
 * connection, a 5xx).
 */
public final class CircuitOpenException extends RetriableChatModelException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was rejected and why (never contains credentials)
   * @param cause the last failure of the endpoint, or null when the breaker was opened elsewhere (a shared breaker)
   */
  public CircuitOpenException(String message, @Nullable Throwable cause) {
    super(message, null, cause);
  }
}
