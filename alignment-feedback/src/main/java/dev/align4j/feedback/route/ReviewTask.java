package dev.align4j.feedback.route;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An item waiting for a human.
 *
 * @param request the request (its id is the task id)
 * @param reason why it was sent to a human
 * @param aiSuggestion the AI label, shown to the reviewer only if the UI chooses to (null for blind review or when
 *     there is none)
 * @param enqueuedAt when it was queued
 */
public record ReviewTask(FeedbackRequest request, RoutingReason reason, @Nullable Feedback aiSuggestion,
    Instant enqueuedAt) {
  /** Validates. */
  public ReviewTask {
    Require.nonNull("request", request);
    Require.nonNull("reason", reason);
    Require.nonNull("enqueuedAt", enqueuedAt);
  }

  /** The task id: the request id. */
  public String id() {
    return request.id();
  }
}
