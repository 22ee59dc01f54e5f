package dev.align4j.examples.poc.feedback;

import dev.align4j.examples.poc.Arguments;
import dev.align4j.feedback.agreement.ConfidenceInterval;
import org.jspecify.annotations.Nullable;

/**
 * One batch of the hand-over timeline: how the work was split in the batch, and the running totals at its end.
 *
 * @param batch 0-based batch number
 * @param itemsSoFar pairs labelled up to and including this batch
 * @param items pairs in this batch
 * @param aiOnly pairs of this batch whose final label is the AI's alone
 * @param audits pairs of this batch drawn for audit (labelled by both; the person's label is final)
 * @param humanLabels pairs of this batch a person labelled (audits included)
 * @param kappa Cohen's κ of the AI labeller against the people over every double-labelled item so far (audits and
 *     the items the router sent to people while κ was unproven), with a 95 % percentile-bootstrap interval; null
 *     while fewer than the router's minimum number of such items exist
 * @param kappaItems the double-labelled items behind {@code kappa}
 * @param routerTrusts whether the router's own windowed κ was at or above its minimum at the end of the batch
 * @param cumulativeHumanLabels human labels so far
 * @param cumulativeAiLabels AI labels so far (every pair is put to the AI labeller first)
 * @param cumulativeCost what the labels so far cost: {@code human × humanCost + ai × aiCost}
 * @param cumulativeAllHumanCost what the same pairs would have cost with people labelling every one
 */
public record HandOverPoint(
    int batch,
    int itemsSoFar,
    int items,
    int aiOnly,
    int audits,
    int humanLabels,
    @Nullable ConfidenceInterval kappa,
    int kappaItems,
    boolean routerTrusts,
    long cumulativeHumanLabels,
    long cumulativeAiLabels,
    double cumulativeCost,
    double cumulativeAllHumanCost) {
  /** Validates. */
  public HandOverPoint {
    Arguments.nonNegative("batch", batch);
    Arguments.argument(items >= 1, "items must be >= 1, was %d", items);
    Arguments.argument(
        aiOnly >= 0 && aiOnly <= items, "aiOnly must be in [0, items=%d], was %d", items, aiOnly);
    Arguments.nonNegative("audits", audits);
    Arguments.nonNegative("humanLabels", humanLabels);
    Arguments.nonNegative("kappaItems", kappaItems);
    Arguments.nonNegative("cumulativeCost", cumulativeCost);
    Arguments.nonNegative("cumulativeAllHumanCost", cumulativeAllHumanCost);
  }

  /** Share of this batch's pairs whose final label is the AI's alone. */
  public double aiShare() {
    return aiOnly / (double) items;
  }

  /** Money saved so far against all-human labelling (negative while the AI calls cost more than they save). */
  public double cumulativeCostSaved() {
    return cumulativeAllHumanCost - cumulativeCost;
  }
}
