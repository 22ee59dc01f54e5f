package dev.align4j.feedback.event;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import java.time.Instant;

/**
 * Something that happened to a feedback item, delivered to {@link FeedbackListener}s. Every event carries the
 * request id, which is also its idempotency key: a listener that may see an event twice (e.g. after a restart) can
 * de-duplicate on {@code (type, requestId)}.
 */
public sealed interface FeedbackEvent
    permits FeedbackEvent.LabelSubmitted, FeedbackEvent.ItemCompleted, FeedbackEvent.RoutedToHuman,
        FeedbackEvent.AgreementDropped {

  /** The request (item) id; for {@link AgreementDropped}, the slice. */
  String requestId();

  /** When it happened. */
  Instant at();

  /**
   * A label was submitted for an item by one source (the AI judge or a human).
   *
   * @param requestId the item
   * @param label the label
   * @param at when
   */
  record LabelSubmitted(String requestId, Feedback label, Instant at) implements FeedbackEvent {
    /** Validates. */
    public LabelSubmitted {
      Require.nonBlank("requestId", requestId);
      Require.nonNull("label", label);
      Require.nonNull("at", at);
    }
  }

  /**
   * An item has its final label.
   *
   * @param requestId the item
   * @param label the final label
   * @param route how it was routed ({@code AI_ONLY}, {@code HUMAN} or {@code BOTH})
   * @param at when
   */
  record ItemCompleted(String requestId, Feedback label, String route, Instant at) implements FeedbackEvent {
    /** Validates. */
    public ItemCompleted {
      Require.nonBlank("requestId", requestId);
      Require.nonNull("label", label);
      Require.nonBlank("route", route);
      Require.nonNull("at", at);
    }
  }

  /**
   * An item was sent to the human review queue.
   *
   * @param requestId the item
   * @param reason why (a {@code RoutingReason} name)
   * @param at when
   */
  record RoutedToHuman(String requestId, String reason, Instant at) implements FeedbackEvent {
    /** Validates. */
    public RoutedToHuman {
      Require.nonBlank("requestId", requestId);
      Require.nonBlank("reason", reason);
      Require.nonNull("at", at);
    }
  }

  /**
   * The measured judge–human agreement on a slice fell below the minimum: the slice goes back to humans.
   *
   * @param requestId the slice name
   * @param kappa the new Cohen's κ
   * @param minimum the configured minimum
   * @param at when
   */
  record AgreementDropped(String requestId, double kappa, double minimum, Instant at) implements FeedbackEvent {
    /** Validates. */
    public AgreementDropped {
      Require.nonBlank("requestId", requestId);
      Require.nonNull("at", at);
    }

    /** The slice whose agreement dropped. */
    public String slice() {
      return requestId;
    }
  }
}
