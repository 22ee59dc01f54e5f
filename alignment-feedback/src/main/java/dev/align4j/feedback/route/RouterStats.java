package dev.align4j.feedback.route;

import java.util.Map;

/**
 * Counts of routing decisions so far.
 *
 * @param byRoute decisions per route
 * @param byReason decisions per reason
 * @param humanReviewsUsed human reviews sent (counted against the budget)
 */
public record RouterStats(Map<Route, Long> byRoute, Map<RoutingReason, Long> byReason, long humanReviewsUsed) {
  /** Copies. */
  public RouterStats {
    byRoute = Map.copyOf(byRoute);
    byReason = Map.copyOf(byReason);
  }

  /** Share of decided requests whose label was the AI's alone. */
  public double aiShare() {
    long total = byRoute.values().stream().mapToLong(Long::longValue).sum();
    return total == 0 ? 0 : byRoute.getOrDefault(Route.AI_ONLY, 0L) / (double) total;
  }
}
