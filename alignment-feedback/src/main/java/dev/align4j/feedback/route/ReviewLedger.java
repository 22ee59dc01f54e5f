package dev.align4j.feedback.route;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The state and the contract shared by every {@link HumanReviewQueue} of this package: pending tasks (oldest first),
 * the stage each caller waits on and the answers given. Idempotent by request id; {@link #submit} refuses a label
 * that does not answer the task's request ({@code FeedbackRequest.requireAnsweredBy}) and the task then stays
 * pending. Every change is first handed to the {@link Journal} (under the ledger's lock), and the state changes only
 * when the journal returned: a queue that persists acknowledges nothing it has not written. Thread-safe.
 */
final class ReviewLedger {

  /** Where a queue records a change before it happens; a thrown exception leaves the ledger unchanged. */
  interface Journal {
    /** A journal that records nothing (the in-memory queue). */
    Journal NONE =
        new Journal() {
          @Override
          public void enqueued(ReviewTask task) {}

          @Override
          public void submitted(String requestId, Feedback label) {}
        };

    /** Called before a new task becomes pending. */
    void enqueued(ReviewTask task);

    /** Called before a pending task is answered, after the label was checked against its request. */
    void submitted(String requestId, Feedback label);

    /**
     * Called outside the ledger's lock after a change was journalled, before it is acknowledged (the call returns,
     * the stage completes): returns once every change journalled so far is durable, so concurrent changes share one
     * sync. Nothing to wait for by default.
     */
    default void awaitDurable() {}
  }

  private final Journal journal;
  private final Map<String, ReviewTask> pending = new LinkedHashMap<>();
  private final Map<String, CompletableFuture<Feedback>> futures = new HashMap<>();
  private final Map<String, Feedback> answers = new HashMap<>();

  ReviewLedger(Journal journal) {
    this.journal = Require.nonNull("journal", journal);
  }

  /** Replays an enqueue read back from storage (not journalled again); an answered id stays answered. */
  synchronized void restoreEnqueued(ReviewTask task) {
    if (!answers.containsKey(task.id())) {
      pending.putIfAbsent(task.id(), task);
    }
  }

  /** Replays an answer read back from storage (not journalled again). */
  synchronized void restoreSubmitted(String requestId, Feedback label) {
    pending.remove(requestId);
    answers.put(requestId, label);
  }

  CompletionStage<Feedback> enqueue(ReviewTask task) {
    Require.nonNull("task", task);
    CompletionStage<Feedback> stage;
    synchronized (this) {
      Feedback done = answers.get(task.id());
      if (done != null) {
        stage = CompletableFuture.completedFuture(done);
      } else {
        if (!pending.containsKey(task.id())) {
          journal.enqueued(task);
          pending.put(task.id(), task);
        }
        stage = futures.computeIfAbsent(task.id(), k -> new CompletableFuture<>());
      }
    }
    // a repeated enqueue waits too, and an answer is handed out only once durable
    journal.awaitDurable();
    return stage;
  }

  synchronized List<ReviewTask> pending() {
    return new ArrayList<>(pending.values());
  }

  boolean submit(String requestId, Feedback label) {
    Require.nonBlank("requestId", requestId);
    Require.nonNull("label", label);
    CompletableFuture<Feedback> f;
    synchronized (this) {
      ReviewTask task = pending.get(requestId);
      if (task == null) {
        return false;
      }
      task.request()
          .requireAnsweredBy(
              label); // refused before anything is journalled: the task stays pending
      journal.submitted(requestId, label);
      pending.remove(requestId);
      answers.put(requestId, label);
      f = futures.remove(requestId);
    }
    journal.awaitDurable(); // the answer is acknowledged (returned, the stage completed) only once
    // durable
    if (f != null) {
      f.complete(label); // outside the lock: a dependent stage must not run while holding it
    }
    return true;
  }

  Optional<Feedback> answer(String requestId) {
    Feedback label;
    synchronized (this) {
      label = answers.get(requestId);
    }
    if (label != null) {
      journal
          .awaitDurable(); // an answer still waiting for its force is handed out only once durable
    }
    return Optional.ofNullable(label);
  }

  synchronized int pendingCount() {
    return pending.size();
  }

  synchronized int answeredCount() {
    return answers.size();
  }
}
