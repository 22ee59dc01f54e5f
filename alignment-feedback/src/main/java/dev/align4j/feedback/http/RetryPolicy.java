package dev.align4j.feedback.http;

import dev.align4j.core.check.Require;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * When and how long {@link OpenAiChatModel} waits before trying a failed call again.
 *
 * <p>Retryable failures are HTTP 408, 409, 429 and 5xx, timeouts, dropped connections and malformed bodies. The wait
 * before retry {@code n} (1-based) is "full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff
 * and Jitter", 2015): a uniform draw from {@code [0, min(maxDelay, initialDelay · multiplier^(n−1))]}. When the server
 * sends {@code Retry-After}, the wait is at least that long (capped at {@code maxRetryAfter}).
 *
 * @param maxAttempts total attempts including the first, {@code >= 1} (default 5, as the OpenAI Python SDK's
 *     2 retries is too few for batch judging at a rate limit)
 * @param initialDelay backoff base (default 500 ms, the OpenAI SDK's initial retry delay)
 * @param maxDelay backoff cap (default 8 s, the OpenAI SDK's maximum retry delay)
 * @param multiplier growth per attempt, {@code >= 1} (default 2)
 * @param maxRetryAfter longest {@code Retry-After} honoured (default 60 s); a longer one fails the call
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier, Duration maxRetryAfter) {

  /** The defaults documented on the components. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8), 2.0, Duration.ofSeconds(60));

  /** No retries at all. */
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, Duration.ZERO);

  /** Validates. */
  public RetryPolicy {
    Require.positive("maxAttempts", maxAttempts);
    Require.nonNull("initialDelay", initialDelay);
    Require.nonNull("maxDelay", maxDelay);
    Require.nonNull("maxRetryAfter", maxRetryAfter);
    Require.argument(!initialDelay.isNegative(), "initialDelay must be >= 0, was %s", initialDelay);
    Require.argument(
        maxDelay.compareTo(initialDelay) >= 0, "maxDelay must be >= initialDelay (%s), was %s", initialDelay, maxDelay);
    Require.argument(
        multiplier >= 1 && Double.isFinite(multiplier), "multiplier must be finite and >= 1, was %s", multiplier);
    Require.argument(!maxRetryAfter.isNegative(), "maxRetryAfter must be >= 0, was %s", maxRetryAfter);
  }

  /** A copy with {@code maxAttempts} changed. */
  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(attempts, initialDelay, maxDelay, multiplier, maxRetryAfter);
  }

  /** A copy with the backoff base and cap changed. */
  public RetryPolicy withDelays(Duration initial, Duration max) {
    return new RetryPolicy(maxAttempts, initial, max, multiplier, maxRetryAfter);
  }

  /**
   * The wait before retry number {@code retry} (1 = the first retry).
   *
   * @param retry 1-based retry number
   * @param retryAfter the server's {@code Retry-After}, or null
   * @param random jitter source
   */
  public Duration delayBefore(int retry, @Nullable Duration retryAfter, RandomGenerator random) {
    Require.positive("retry", retry);
    double capMillis =
        Math.min(maxDelay.toMillis(), initialDelay.toMillis() * Math.pow(multiplier, retry - 1.0));
    long jittered = capMillis <= 0 ? 0 : (long) Math.floor(random.nextDouble() * capMillis);
    if (retryAfter == null) {
      return Duration.ofMillis(jittered);
    }
    long honoured = Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis());
    return Duration.ofMillis(Math.max(honoured, jittered));
  }
}
