package dev.align4j.feedback.route;

import dev.align4j.core.label.Feedback;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The human side of feedback: a queue of {@link ReviewTask}s that people answer (through a review page, a CLI, a
 * spreadsheet import). The SPI a review UI builds on.
 *
 * <p>Contract: idempotent by request id — enqueuing a task whose id is pending returns the pending stage, and one
 * whose id was already answered returns a completed stage with that answer; {@link #submit} answers a pending task
 * exactly once. Implementations are thread-safe.
 */
public interface HumanReviewQueue {

  /** Queues a task; the stage completes with the human's label. */
  CompletionStage<Feedback> enqueue(ReviewTask task);

  /** The tasks waiting for an answer, oldest first. */
  List<ReviewTask> pending();

  /**
   * Records a human's answer.
   *
   * @return true when a pending task was answered; false when the id is unknown or already answered
   * @throws IllegalArgumentException when {@code label} does not answer the task's request (another prompt, another
   *     kind of label or other answers: see {@code FeedbackRequest.requireAnsweredBy}); the task stays
   *     pending and nothing is recorded
   */
  boolean submit(String requestId, Feedback label);

  /** The answer already given for {@code requestId}, if any. */
  Optional<Feedback> answer(String requestId);

  /** Number of pending tasks. */
  default int pendingCount() {
    return pending().size();
  }
}
