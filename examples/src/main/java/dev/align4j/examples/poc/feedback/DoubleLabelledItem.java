package dev.align4j.examples.poc.feedback;

import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.feedback.route.RoutingReason;

/**
 * An item both the AI labeller and a person labelled: an audit, or an item the router sent to a person while the
 * judge's agreement was unproven. These are the pairs the router's agreement estimate is built from.
 *
 * @param requestId the feedback request's id
 * @param batch the timeline batch (0-based) the item belongs to
 * @param reason {@link RoutingReason#AUDIT} or {@link RoutingReason#UNCALIBRATED}
 * @param ai the AI labeller's label (with its per-order verdicts)
 * @param human the person's label (final)
 */
public record DoubleLabelledItem(
    String requestId,
    int batch,
    RoutingReason reason,
    PairwiseComparison ai,
    PairwiseComparison human) {
  /** Validates. */
  public DoubleLabelledItem {
    Arguments.nonBlank("requestId", requestId);
    Arguments.nonNegative("batch", batch);
    Arguments.nonNull("reason", reason);
    Arguments.nonNull("ai", ai);
    Arguments.nonNull("human", human);
  }
}
