package dev.align4j.feedback.route;

import dev.align4j.core.label.Feedback;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A {@link HumanReviewQueue} in memory: for tests, demos and services that persist tasks elsewhere. The contract is
 * the one {@link FileReviewQueue} keeps (both delegate to one package-private ledger), without a journal.
 */
public final class InMemoryReviewQueue implements HumanReviewQueue {
  private final ReviewLedger ledger = new ReviewLedger(ReviewLedger.Journal.NONE);

  /** An empty queue. */
  public InMemoryReviewQueue() {}

  @Override
  public CompletionStage<Feedback> enqueue(ReviewTask task) {
    return ledger.enqueue(task);
  }

  @Override
  public List<ReviewTask> pending() {
    return ledger.pending();
  }

  @Override
  public boolean submit(String requestId, Feedback label) {
    return ledger.submit(requestId, label);
  }

  @Override
  public Optional<Feedback> answer(String requestId) {
    return ledger.answer(requestId);
  }

  @Override
  public int pendingCount() {
    return ledger.pendingCount();
  }

  @Override
  public String toString() {
    return "InMemoryReviewQueue[pending=" + ledger.pendingCount() + ", answered=" + ledger.answeredCount() + "]";
  }
}
