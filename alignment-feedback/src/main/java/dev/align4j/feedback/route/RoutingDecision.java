package dev.align4j.feedback.route;

import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * A routing decision with its reason and the evidence it rested on.
 *
 * @param route where the label comes from
 * @param reason why
 * @param slice the agreement slice of the request
 * @param confidence {@code |p − ½|} of the AI label, or null when there was none
 * @param kappa the judge's measured κ on the slice, or null when not yet measured
 */
public record RoutingDecision(Route route, RoutingReason reason, String slice, @Nullable Double confidence,
    @Nullable Double kappa) {
  /** Validates. */
  public RoutingDecision {
    Require.nonNull("route", route);
    Require.nonNull("reason", reason);
    Require.nonBlank("slice", slice);
  }
}
