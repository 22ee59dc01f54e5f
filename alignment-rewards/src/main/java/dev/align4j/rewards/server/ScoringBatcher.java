package dev.align4j.rewards.server;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces concurrent scoring requests into model calls. A request is never split: a batch is the oldest waiting
 * requests whose items fit in {@code maxBatchItems} (a single larger request goes alone). A worker takes a batch as
 * soon as {@code maxBatchItems} items wait, or when the oldest request has waited {@code maxWait}, or at once while
 * the server drains. At most {@code maxWorkers} batches run at a time. There is no thread of its own: the request
 * thread that finds fewer than {@code maxWorkers} workers running becomes one (after queueing its own request) and
 * scores batches until the queue is empty; the other request threads queue and return. Scores are handed to each
 * request's callback on the worker thread, so a response is written without another thread hand-off.
 *
 * <p>A batch whose prompts are all equal is scored with {@link RewardModel#scoreAll}, any other with
 * {@link RewardModel#scoreBatch}. When a model call of several requests fails, each request is retried alone, so a
 * failure reaches only the requests whose own items fail.
 */
final class ScoringBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringBatcher.class);

  /** One request's items and the future its scores complete. */
  record Job(List<RewardInput> items, CompletableFuture<double[]> result, long enqueuedNanos) {}

  private final RewardModel model;
  private final int maxBatchItems;
  private final long maxWaitNanos;
  private final int capacityItems;
  private final int maxWorkers;
  private final MetricsRecorder metrics;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private int queuedItems;
  private int workers;
  private boolean flushing;
  private volatile double itemsPerSecond;

  ScoringBatcher(
      RewardModel model,
      int maxBatchItems,
      long maxWaitNanos,
      int capacityItems,
      int maxWorkers,
      MetricsRecorder metrics) {
    this.model = model;
    this.maxBatchItems = maxBatchItems;
    this.maxWaitNanos = maxWaitNanos;
    this.capacityItems = capacityItems;
    this.maxWorkers = maxWorkers;
    this.metrics = metrics;
  }

  /**
   * Queues {@code items}; {@code onDone} receives one score per item, in order, or an {@link HttpRefusal} (500 when the
   * model failed, 503 when the server stopped before scoring them). When fewer than {@code maxWorkers} workers run,
   * the calling thread becomes one and returns once the queue is empty.
   *
   * @throws HttpRefusal 429 with a {@code Retry-After} when the queue cannot take {@code items.size()} more items
   */
  void submit(
      List<RewardInput> items, BiConsumer<double @Nullable [], @Nullable Throwable> onDone) {
    if (items.isEmpty()) {
      metrics.accepted();
      onDone.accept(new double[0], null);
      return;
    }
    CompletableFuture<double[]> result = new CompletableFuture<>();
    result.whenComplete(onDone);
    boolean work = false;
    lock.lock();
    try {
      if (queuedItems + items.size() > capacityItems) {
        throw new HttpRefusal(
            429,
            "the scoring queue is full ("
                + queuedItems
                + " items waiting, capacity "
                + capacityItems
                + "); retry later",
            retryAfterSeconds(),
            null);
      }
      queue.add(new Job(items, result, System.nanoTime()));
      queuedItems += items.size();
      metrics.accepted();
      arrived.signal();
      if (workers < maxWorkers) {
        workers++;
        work = true;
      }
    } finally {
      lock.unlock();
    }
    if (work) {
      drain();
    }
  }

  /** Seconds until the queue has likely drained: queued items over the recent throughput, 1 to 60. */
  private long retryAfterSeconds() {
    double rate = itemsPerSecond;
    if (rate <= 0) {
      return 1;
    }
    return Math.max(1, Math.min(60, (long) Math.ceil(queuedItems / rate)));
  }

  /** Requests waiting now. */
  int queuedRequests() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Items waiting now. */
  int queuedItems() {
    lock.lock();
    try {
      return queuedItems;
    } finally {
      lock.unlock();
    }
  }

  /** From now on batches are taken without waiting for {@code maxWait} (the server is draining). */
  void flush() {
    lock.lock();
    try {
      flushing = true;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Fails every request still waiting with {@code refusal} (the drain's grace period ran out). */
  void failQueued(HttpRefusal refusal) {
    List<Job> left;
    lock.lock();
    try {
      left = new ArrayList<>(queue);
      queue.clear();
      queuedItems = 0;
    } finally {
      lock.unlock();
    }
    for (Job j : left) {
      j.result().completeExceptionally(refusal);
    }
  }

  private void drain() {
    boolean interrupted = false;
    while (true) {
      List<Job> batch;
      try {
        batch = take();
      } catch (InterruptedException e) {
        // carry on: a worker must not leave queued requests unanswered; the flag is restored
        // when the queue is empty
        interrupted = true;
        continue;
      }
      if (batch == null) {
        break;
      }
      run(batch);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The next batch, or null when the queue is empty (the worker then ends). */
  private @Nullable List<Job> take() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        Job first = queue.peek();
        if (first == null) {
          workers--;
          return null;
        }
        long waited = System.nanoTime() - first.enqueuedNanos();
        if (queuedItems >= maxBatchItems || flushing || waited >= maxWaitNanos) {
          break;
        }
        arrived.awaitNanos(maxWaitNanos - waited);
      }
      List<Job> batch = new ArrayList<>();
      int items = 0;
      while (!queue.isEmpty()) {
        Job next = queue.peek();
        if (!batch.isEmpty() && items + next.items().size() > maxBatchItems) {
          break;
        }
        batch.add(queue.poll());
        items += next.items().size();
      }
      queuedItems -= items;
      if (!queue.isEmpty()) {
        arrived.signal();
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private void run(List<Job> batch) {
    List<RewardInput> all = new ArrayList<>();
    for (Job j : batch) {
      all.addAll(j.items());
    }
    long t0 = System.nanoTime();
    double[] scores;
    try {
      scores = score(all);
    } catch (Throwable t) {
      metrics.batch(all.size(), false);
      if (batch.size() > 1) {
        LOG.warn(
            "the reward model failed on a batch of {} requests ({} items); scoring each request alone",
            batch.size(),
            all.size(),
            t);
        for (Job j : batch) {
          run(List.of(j));
        }
      } else {
        LOG.error("the reward model failed on a request of {} items", all.size(), t);
        batch
            .get(0)
            .result()
            .completeExceptionally(
                new HttpRefusal(500, "the reward model failed: " + describe(t), 0, t));
      }
      return;
    }
    long took = System.nanoTime() - t0;
    metrics.batch(all.size(), true);
    if (took > 0) {
      double rate = all.size() * 1e9 / took;
      itemsPerSecond = itemsPerSecond == 0 ? rate : 0.9 * itemsPerSecond + 0.1 * rate;
    }
    int from = 0;
    for (Job j : batch) {
      int n = j.items().size();
      j.result().complete(Arrays.copyOfRange(scores, from, from + n));
      from += n;
    }
  }

  /** Scores the items and checks the result's length and finiteness. */
  private double[] score(List<RewardInput> items) {
    Prompt first = items.get(0).prompt();
    boolean onePrompt = true;
    List<Completion> completions = new ArrayList<>(items.size());
    List<Prompt> prompts = new ArrayList<>(items.size());
    for (RewardInput in : items) {
      onePrompt &= in.prompt().equals(first);
      prompts.add(in.prompt());
      completions.add(in.completion());
    }
    double[] s =
        onePrompt ? model.scoreAll(first, completions) : model.scoreBatch(prompts, completions);
    if (s == null || s.length != items.size()) {
      throw new IllegalStateException(
          "the reward model returned "
              + (s == null ? "null" : s.length + " scores")
              + " for "
              + items.size()
              + " items");
    }
    for (int i = 0; i < s.length; i++) {
      if (!Double.isFinite(s[i])) {
        throw new IllegalStateException(
            "the reward model returned " + s[i] + " for item " + i + " of the batch");
      }
    }
    return s;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }
}
