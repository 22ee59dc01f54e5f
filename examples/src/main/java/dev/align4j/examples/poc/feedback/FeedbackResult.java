package dev.align4j.examples.poc.feedback;

import dev.align4j.core.data.PreferenceExample;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.feedback.agreement.ConfidenceInterval;
import dev.align4j.feedback.route.RouterStats;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the feedback step produced.
 *
 * @param pairs the decisive labelled pairs, in labelling order (ties left out, counted in the totals)
 * @param timeline one point per batch: the hand-over from people to the AI labeller
 * @param doubleLabelled every item both the AI labeller and a person labelled, in labelling order
 * @param totals labels, audits and costs in total
 * @param kappa Cohen's κ of the AI labeller against the people over all double-labelled items, with a 95 %
 *     percentile-bootstrap interval (the last timeline point's); null when there were fewer than the router's minimum
 * @param auditKappa the same over the audited items only (a random sample of everything the AI labelled); null with
 *     fewer than 20 of them
 * @param positionBias the labeller's measured position bias
 * @param routerStats the router's own counts by route and reason
 * @param wallTime how long the step took (wall clock; not part of the numbers a seed fixes)
 */
public record FeedbackResult(
    List<LabelledPair> pairs,
    List<HandOverPoint> timeline,
    List<DoubleLabelledItem> doubleLabelled,
    FeedbackTotals totals,
    @Nullable ConfidenceInterval kappa,
    @Nullable ConfidenceInterval auditKappa,
    PositionBiasFinding positionBias,
    RouterStats routerStats,
    Duration wallTime) {
  /** Validates and copies. */
  public FeedbackResult {
    pairs = List.copyOf(Arguments.nonNull("pairs", pairs));
    timeline = List.copyOf(Arguments.nonNull("timeline", timeline));
    doubleLabelled = List.copyOf(Arguments.nonNull("doubleLabelled", doubleLabelled));
    Arguments.nonNull("totals", totals);
    Arguments.nonNull("positionBias", positionBias);
    Arguments.nonNull("routerStats", routerStats);
    Arguments.nonNull("wallTime", wallTime);
  }

  /** The labelled pairs as core preference examples (what the preference optimisers train on). */
  public List<PreferenceExample> preferenceExamples() {
    return pairs.stream().map(LabelledPair::example).toList();
  }
}
