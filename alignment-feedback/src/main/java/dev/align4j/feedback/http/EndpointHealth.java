package dev.align4j.feedback.http;

import dev.align4j.core.check.Require;
import dev.align4j.core.llm.ChatModelException;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link OpenAiChatModel} has seen of its endpoint: a snapshot an application can read (and export as metrics)
 * without any logging binding.
 *
 * @param endpoint the chat-completions URL
 * @param circuit the circuit breaker's state
 * @param circuitOpenTime total time the breaker has spent open or half-open since it was built (the current period up
 *     to now included)
 * @param timesOpened how many times the breaker opened from closed
 * @param failedAttempts HTTP attempts that failed (connection, timeout, 408/409/429/5xx, malformed body)
 * @param rejectedByOpenCircuit calls rejected without being sent because the breaker was open
 * @param consecutiveFailures failed attempts since the last answer (0 when the last attempt was answered)
 * @param failingSince when the current series of failures began, or null when the last attempt was answered
 * @param lastSuccess when the endpoint last answered, or null if it never did
 * @param lastFailure the most recent failed attempt, with its cause chain, or null if none failed
 */
public record EndpointHealth(String endpoint, CircuitBreaker.State circuit, Duration circuitOpenTime,
    long timesOpened, long failedAttempts, long rejectedByOpenCircuit, int consecutiveFailures,
    @Nullable Instant failingSince, @Nullable Instant lastSuccess, @Nullable ChatModelException lastFailure) {
  /** Validates. */
  public EndpointHealth {
    Require.nonNull("endpoint", endpoint);
    Require.nonNull("circuit", circuit);
    Require.nonNull("circuitOpenTime", circuitOpenTime);
  }

  /** Whether the endpoint looks up: the breaker is closed and the last attempt (if any) was answered. */
  public boolean up() {
    return circuit == CircuitBreaker.State.CLOSED && consecutiveFailures == 0;
  }
}
