package dev.align4j.examples.poc.scenario;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.label.Feedback;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.feedback.route.HumanReviewQueue;
import dev.align4j.feedback.route.ReviewTask;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A panel of simulated reviewers that shares the work: each request goes to one reviewer, chosen by its id
 * ({@code floorMod(id.hashCode(), size)}), so the same request always goes to the same person. As a
 * {@link FeedbackSource} it answers directly; {@link #answerPending} plays the people working through a
 * {@link HumanReviewQueue} — the queue the {@code HybridRouter} hands human work to.
 */
public final class ReviewerPanel implements FeedbackSource {
  private final List<SimulatedReviewer> reviewers;

  /** A panel of the given reviewers (at least one). */
  public ReviewerPanel(List<SimulatedReviewer> reviewers) {
    this.reviewers = List.copyOf(Arguments.nonEmpty("reviewers", reviewers));
  }

  /** The reviewers. */
  public List<SimulatedReviewer> reviewers() {
    return reviewers;
  }

  /** The reviewer who answers {@code request}. */
  public SimulatedReviewer reviewerFor(FeedbackRequest request) {
    Arguments.nonNull("request", request);
    return reviewers.get(Math.floorMod(request.id().hashCode(), reviewers.size()));
  }

  @Override
  public CompletionStage<Feedback> request(FeedbackRequest request) {
    return reviewerFor(request).request(request);
  }

  /**
   * Answers every task pending in {@code queue} now, oldest first.
   *
   * @return the number of tasks answered
   * @throws IllegalArgumentException when a task is not a pairwise request (the task stays pending)
   */
  public int answerPending(HumanReviewQueue queue) {
    Arguments.nonNull("queue", queue);
    int answered = 0;
    for (ReviewTask task : queue.pending()) {
      if (queue.submit(task.request().id(), requestBlocking(task.request()))) {
        answered++;
      }
    }
    return answered;
  }
}
