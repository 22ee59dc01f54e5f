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

/** A {@link HumanReviewQueue} in memory: for tests, demos and services that persist tasks elsewhere. */
public final class InMemoryReviewQueue implements HumanReviewQueue {
  private final Map<String, ReviewTask> pending = new LinkedHashMap<>();
  private final Map<String, CompletableFuture<Feedback>> futures = new HashMap<>();
  private final Map<String, Feedback> answers = new HashMap<>();

  /** An empty queue. */
  public InMemoryReviewQueue() {}

  @Override
  public synchronized CompletionStage<Feedback> enqueue(ReviewTask task) {
    Require.nonNull("task", task);
    Feedback done = answers.get(task.id());
    if (done != null) {
      return CompletableFuture.completedFuture(done);
    }
    pending.putIfAbsent(task.id(), task);
    return futures.computeIfAbsent(task.id(), k -> new CompletableFuture<>());
  }

  @Override
  public synchronized List<ReviewTask> pending() {
    return new ArrayList<>(pending.values());
  }

  @Override
  public boolean submit(String requestId, Feedback label) {
    Require.nonBlank("requestId", requestId);
    Require.nonNull("label", label);
    CompletableFuture<Feedback> f;
    synchronized (this) {
      ReviewTask task = pending.get(requestId);
      if (task == null) {
        return false;
      }
      task.request().requireAnsweredBy(label); // refused: the task stays pending
      pending.remove(requestId);
      answers.put(requestId, label);
      f = futures.remove(requestId);
    }
    if (f != null) {
      f.complete(label);
    }
    return true;
  }

  @Override
  public synchronized Optional<Feedback> answer(String requestId) {
    return Optional.ofNullable(answers.get(requestId));
  }

  @Override
  public synchronized int pendingCount() {
    return pending.size();
  }

  @Override
  public synchronized String toString() {
    return "InMemoryReviewQueue[pending=" + pending.size() + ", answered=" + answers.size() + "]";
  }
}
