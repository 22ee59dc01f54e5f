package dev.align4j.rewards.server;

import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a {@link RewardServer}'s counters, as {@code GET /metrics} returns them. Counts are since start;
 * latencies are over the most recent scoring requests (at most {@link #LATENCY_WINDOW}), from the moment the request
 * reached the handler (before its body is read) to the moment its response was written, in milliseconds. Nothing
 * here identifies a client or a credential.
 *
 * @param responsesByStatus responses sent, by HTTP status code (every endpoint)
 * @param scoringRequests scoring requests accepted into the queue
 * @param itemsScored items the model scored successfully
 * @param batches model calls made
 * @param meanBatchItems mean items per model call (0 before the first)
 * @param maxBatchItems the largest model call, in items
 * @param modelFailures model calls that threw or returned an invalid result
 * @param queuedRequests requests waiting for the model now
 * @param queuedItems items waiting for the model now
 * @param inFlightRequests requests received and not yet answered now
 * @param latencyP50Millis median scoring latency
 * @param latencyP90Millis 90th percentile scoring latency
 * @param latencyP99Millis 99th percentile scoring latency
 * @param latencyMaxMillis largest scoring latency in the window
 * @param draining whether the server is shutting down (new requests are refused with 503)
 */
public record RewardServerMetrics(
    Map<Integer, Long> responsesByStatus,
    long scoringRequests,
    long itemsScored,
    long batches,
    double meanBatchItems,
    int maxBatchItems,
    long modelFailures,
    int queuedRequests,
    int queuedItems,
    int inFlightRequests,
    double latencyP50Millis,
    double latencyP90Millis,
    double latencyP99Millis,
    double latencyMaxMillis,
    boolean draining) {

  /** How many recent scoring requests the latency quantiles cover. */
  public static final int LATENCY_WINDOW = 4096;

  /** Copies the map (sorted by status). */
  public RewardServerMetrics {
    responsesByStatus = Map.copyOf(new TreeMap<>(responsesByStatus));
  }

  /** Responses with {@code status} sent so far. */
  public long responses(int status) {
    return responsesByStatus.getOrDefault(status, 0L);
  }
}
