package dev.align4j.spark.judge;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.http.RateLimit;
import dev.align4j.feedback.http.RetryPolicy;
import dev.align4j.feedback.http.Sleeper;
import dev.align4j.feedback.store.FeedbackJson;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's pass over its partition: rows are read lazily, up to {@code maxConcurrency} of them are in flight at a
 * time (each call also holds one of the executor's permits), and the output keeps the input order. Retries wait on
 * the task's thread; no thread is created here (the judge runs its calls on whatever executor it was given).
 */
final class PartitionJudging implements Iterator<Row> {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionJudging.class);

  private final PairJudgeJob job;
  private final ExecutorJudges.ExecutorJudge executor;
  private final Iterator<Row> input;
  private final int promptIndex;
  private final int aIndex;
  private final int bIndex;
  private final RetryPolicy retry;
  private final Deque<Item> window = new ArrayDeque<>();

  PartitionJudging(PairJudgeJob job, Iterator<Row> input, int promptIndex, int aIndex, int bIndex) {
    this.job = job;
    this.executor = ExecutorJudges.of(job);
    this.input = input;
    this.promptIndex = promptIndex;
    this.aIndex = aIndex;
    this.bIndex = bIndex;
    this.retry = job.retryPolicy();
  }

  /** One row on its way through the judge. */
  private static final class Item {
    final Row row;
    final FeedbackRequest request;
    @Nullable Feedback finished;
    @Nullable CompletableFuture<Feedback> call;
    @Nullable AtomicBoolean permitHeld;
    int attempts;
    @Nullable Throwable lastError;

    Item(Row row, FeedbackRequest request) {
      this.row = row;
      this.request = request;
    }
  }

  @Override
  public boolean hasNext() {
    return !window.isEmpty() || input.hasNext();
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more rows in this partition");
    }
    while (window.size() < job.maxConcurrency() && input.hasNext()) {
      window.addLast(admit(input.next()));
    }
    for (Item item : window) {
      if (item.call != null && item.call.isDone()) {
        collect(item, 0);
      }
    }
    return finish(window.removeFirst());
  }

  private Item admit(Row row) {
    String prompt = text(row, promptIndex, "prompt");
    String a = text(row, aIndex, "a");
    String b = text(row, bIndex, "b");
    String id = PairJudgeJob.requestId(prompt, a, b);
    Item item =
        new Item(
            row,
            FeedbackRequest.pairwise(id, Prompt.of(prompt), Completion.of(a), Completion.of(b)));
    Optional<Feedback> stored = job.store().find(id);
    if (stored.isPresent()) {
      item.finished = stored.get();
    } else {
      start(item);
    }
    return item;
  }

  private static String text(Row row, int index, String what) {
    if (row.isNullAt(index)) {
      throw new IllegalArgumentException(what + " must not be null, but is null in row " + row);
    }
    return row.getString(index);
  }

  /** Starts one call of the judge; a call that completed at once (a synchronous judge) is stored at once. */
  private void start(Item item) {
    try {
      executor.permits().acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting for a judge permit (task killed?)", e);
    }
    AtomicBoolean held = new AtomicBoolean(true);
    item.permitHeld = held;
    item.attempts++;
    CompletableFuture<Feedback> call;
    try {
      RateLimit rate = executor.rate();
      if (rate != null) {
        rate.acquire();
      }
      call = executor.judge().request(item.request).toCompletableFuture();
    } catch (InterruptedException e) {
      release(held);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting for the judge rate limit (task killed?)", e);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    } catch (Error e) {
      release(held);
      throw e;
    }
    call.whenComplete((label, error) -> release(held));
    item.call = call;
    if (call.isDone()) {
      collect(item, 0);
    }
  }

  private void release(@Nullable AtomicBoolean held) {
    if (held != null && held.compareAndSet(true, false)) {
      executor.permits().release();
    }
  }

  private Row finish(Item item) {
    while (true) {
      if (item.finished != null) {
        return judged(item, item.finished);
      }
      if (item.call != null && !collect(item, job.callTimeoutNanos())) {
        item.call.cancel(true);
        release(item.permitHeld);
        item.call = null;
        item.lastError =
            new TimeoutException(
                "the judge did not answer within " + Duration.ofNanos(job.callTimeoutNanos()));
      }
      if (item.finished != null) {
        continue;
      }
      if (item.attempts >= retry.maxAttempts()) {
        LOG.debug(
            "dead letter {} after {} attempts", item.request.id(), item.attempts, item.lastError);
        return deadLetter(item);
      }
      Duration wait =
          retry.delayBefore(
              item.attempts,
              null,
              new SplittableRandom(
                  job.seed() * 31 + item.request.id().hashCode() * 17L + item.attempts));
      try {
        Sleeper.SYSTEM.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while backing off (task killed?)", e);
      }
      start(item);
    }
  }

  /**
   * Waits up to {@code timeoutNanos} for the item's call. On an answer: checks it against the request, stores it and
   * sets {@code finished}; on a failure: records it in {@code lastError}. Either way the call is consumed.
   *
   * @return false when the call has not completed within the time (nothing changed)
   */
  private boolean collect(Item item, long timeoutNanos) {
    CompletableFuture<Feedback> call = item.call;
    if (call == null) {
      return true;
    }
    Feedback label;
    try {
      label = call.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      item.call = null;
      item.lastError = cause;
      return true;
    } catch (CancellationException e) {
      item.call = null;
      item.lastError = e;
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the judge (task killed?)", e);
    }
    item.call = null;
    try {
      item.request.requireAnsweredBy(label);
      if (!(label instanceof PairwiseComparison)) {
        throw new IllegalArgumentException(
            "label must be a PairwiseComparison, was " + label.getClass().getName());
      }
    } catch (IllegalArgumentException e) {
      item.lastError = e;
      return true;
    }
    item.finished = job.store().putIfAbsent(item.request.id(), label);
    return true;
  }

  private Row judged(Item item, Feedback label) {
    PairwiseComparison pair =
        ((PairwiseComparison) label)
            .orientedTo(
                item.request.prompt(),
                item.request.candidates().get(0),
                item.request.candidates().get(1));
    return row(
        item,
        PairJudgeJob.JUDGED,
        pair.outcome().name(),
        pair.probabilityA(),
        FeedbackJson.line(FeedbackJson.toJson(label)),
        null,
        item.attempts);
  }

  private Row deadLetter(Item item) {
    return row(
        item,
        PairJudgeJob.DEAD_LETTER,
        null,
        null,
        null,
        causeChain(item.lastError),
        item.attempts);
  }

  private static String causeChain(@Nullable Throwable error) {
    StringBuilder sb = new StringBuilder();
    Throwable t = error;
    int depth = 0;
    while (t != null && depth < 8) {
      if (depth > 0) {
        sb.append(" <- ");
      }
      sb.append(t.getClass().getName());
      if (t.getMessage() != null) {
        sb.append(": ").append(t.getMessage());
      }
      t = t.getCause() == t ? null : t.getCause();
      depth++;
    }
    return sb.length() == 0 ? "unknown failure" : sb.toString();
  }

  private static Row row(
      Item item,
      String status,
      @Nullable String outcome,
      @Nullable Double probabilityA,
      @Nullable String label,
      @Nullable String error,
      int attempts) {
    int n = item.row.length();
    Object[] values = new Object[n + 7];
    for (int i = 0; i < n; i++) {
      values[i] = item.row.get(i);
    }
    values[n] = item.request.id();
    values[n + 1] = status;
    values[n + 2] = outcome;
    values[n + 3] = probabilityA;
    values[n + 4] = label;
    values[n + 5] = error;
    values[n + 6] = attempts;
    return RowFactory.create(values);
  }
}
