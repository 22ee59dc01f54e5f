package dev.align4j.feedback.store;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import java.time.Instant;

/**
 * One record of a {@link FeedbackStore}.
 *
 * @param requestId the request (item) id, the idempotency key
 * @param storedAt when it was appended
 * @param feedback the label
 */
public record StoredFeedback(String requestId, Instant storedAt, Feedback feedback) {
  /** Validates. */
  public StoredFeedback {
    Require.nonBlank("requestId", requestId);
    Require.nonNull("storedAt", storedAt);
    Require.nonNull("feedback", feedback);
  }
}
