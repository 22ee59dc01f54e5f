package dev.align4j.rewards.server;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The server's counters and its window of recent scoring latencies (nearest-rank quantiles). */
final class MetricsRecorder {
  private final Map<Integer, LongAdder> byStatus = new HashMap<>();
  private final LongAdder scoringRequests = new LongAdder();
  private final LongAdder itemsScored = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder batchItems = new LongAdder();
  private final AtomicLong maxBatch = new AtomicLong();
  private final LongAdder modelFailures = new LongAdder();
  private final long[] latencies = new long[RewardServerMetrics.LATENCY_WINDOW];
  private long latencyCount;

  void response(int status) {
    LongAdder a;
    synchronized (byStatus) {
      a = byStatus.computeIfAbsent(status, s -> new LongAdder());
    }
    a.increment();
  }

  void accepted() {
    scoringRequests.increment();
  }

  void batch(int items, boolean ok) {
    batches.increment();
    batchItems.add(items);
    maxBatch.accumulateAndGet(items, Math::max);
    if (ok) {
      itemsScored.add(items);
    } else {
      modelFailures.increment();
    }
  }

  synchronized void latency(long nanos) {
    latencies[(int) (latencyCount % latencies.length)] = nanos;
    latencyCount++;
  }

  RewardServerMetrics snapshot(
      int queuedRequests, int queuedItems, int inFlight, boolean draining) {
    Map<Integer, Long> statuses = new HashMap<>();
    synchronized (byStatus) {
      byStatus.forEach((k, v) -> statuses.put(k, v.sum()));
    }
    long[] window;
    synchronized (this) {
      window = Arrays.copyOf(latencies, (int) Math.min(latencyCount, latencies.length));
    }
    Arrays.sort(window);
    long n = batches.sum();
    return new RewardServerMetrics(
        statuses,
        scoringRequests.sum(),
        itemsScored.sum(),
        n,
        n == 0 ? 0 : (double) batchItems.sum() / n,
        (int) maxBatch.get(),
        modelFailures.sum(),
        queuedRequests,
        queuedItems,
        inFlight,
        quantileMillis(window, 0.50),
        quantileMillis(window, 0.90),
        quantileMillis(window, 0.99),
        window.length == 0 ? 0 : window[window.length - 1] / 1e6,
        draining);
  }

  /** Nearest-rank quantile: the smallest value with at least {@code q} of the window at or below it. */
  static double quantileMillis(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
