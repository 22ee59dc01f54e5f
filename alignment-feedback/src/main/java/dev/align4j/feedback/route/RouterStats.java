package dev.align4j.feedback.route;

import dev.align4j.core.check.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Counts of routing decisions so far, and the state of the AI side.
 *
 * @param byRoute decisions per route
 * @param byReason decisions per reason
 * @param humanReviewsUsed human reviews sent (counted against the budget)
 * @param aiFailures AI requests that failed (each of those items was routed to a human, reason {@code AI_FAILED})
 * @param aiRejectedByOpenCircuit those of the failures that an open circuit breaker rejected without calling the
 *     endpoint
 * @param aiDownTime total time the AI side was failing: from the first failure of each series of consecutive failures
 *     to the next answer (the current series up to the snapshot included)
 * @param aiFailingSince when the current series of AI failures began, or null when the AI's last request was answered
 * @param lastAiFailure the most recent AI failure with its cause chain, or null if none failed
 */
public record RouterStats(Map<Route, Long> byRoute, Map<RoutingReason, Long> byReason, long humanReviewsUsed,
    long aiFailures, long aiRejectedByOpenCircuit, Duration aiDownTime, @Nullable Instant aiFailingSince,
    @Nullable Throwable lastAiFailure) {
  /** Copies. */
  public RouterStats {
    byRoute = Map.copyOf(byRoute);
    byReason = Map.copyOf(byReason);
    Require.nonNull("aiDownTime", aiDownTime);
  }

  /** Counts without AI failures. */
  public RouterStats(Map<Route, Long> byRoute, Map<RoutingReason, Long> byReason, long humanReviewsUsed) {
    this(byRoute, byReason, humanReviewsUsed, 0, 0, Duration.ZERO, null, null);
  }

  /** Share of decided requests whose label was the AI's alone. */
  public double aiShare() {
    long total = byRoute.values().stream().mapToLong(Long::longValue).sum();
    return total == 0 ? 0 : byRoute.getOrDefault(Route.AI_ONLY, 0L) / (double) total;
  }

  /** Items routed to a human because the AI failed. */
  public long routedToHumansBecauseAiFailed() {
    return byReason.getOrDefault(RoutingReason.AI_FAILED, 0L);
  }

  /** Whether the AI side is failing now (its last request failed). */
  public boolean aiDown() {
    return aiFailingSince != null;
  }
}
