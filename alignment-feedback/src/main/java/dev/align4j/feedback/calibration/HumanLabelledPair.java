package dev.align4j.feedback.calibration;

import dev.align4j.core.FeedbackKind;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.Outcome;

/**
 * A pairwise request with the people's outcome for it: the unit of calibration and re-alignment sets.
 *
 * @param request a {@link FeedbackKind#PAIRWISE} request (candidates A and B); its id identifies the item
 * @param human the people's outcome for A and B
 */
public record HumanLabelledPair(FeedbackRequest request, Outcome human) {

  /** Validates: a pairwise request. */
  public HumanLabelledPair {
    Require.nonNull("request", request);
    Require.nonNull("human", human);
    Require.argument(
        request.kind() == FeedbackKind.PAIRWISE,
        "request %s must be PAIRWISE, was %s",
        request.id(),
        request.kind());
  }

  /** The item's id (the request id). */
  public String id() {
    return request.id();
  }
}
