package dev.align4j.examples.poc.feedback;

import dev.align4j.examples.poc.Arguments;

/**
 * What the feedback step did in total.
 *
 * @param pairs pairs put to the router
 * @param aiOnly pairs whose final label is the AI labeller's alone
 * @param humanLabels pairs a person labelled (audits included)
 * @param audits pairs drawn for audit
 * @param aiLabels AI labels asked for (every pair: the router asks the AI first)
 * @param undecided pairs whose final label named no winner (a tie); they are not in the preference pairs
 * @param cost {@code humanLabels × humanCostPerLabel + aiLabels × aiCostPerLabel}
 * @param allHumanCost {@code pairs × humanCostPerLabel}: the same pairs labelled by people alone
 */
public record FeedbackTotals(
    int pairs,
    long aiOnly,
    long humanLabels,
    long audits,
    long aiLabels,
    long undecided,
    double cost,
    double allHumanCost) {
  /** Validates. */
  public FeedbackTotals {
    Arguments.nonNegative("pairs", pairs);
    Arguments.nonNegative("cost", cost);
    Arguments.nonNegative("allHumanCost", allHumanCost);
  }

  /** {@code allHumanCost − cost}. */
  public double costSaved() {
    return allHumanCost - cost;
  }

  /** Share of pairs whose final label is the AI's alone. */
  public double aiShare() {
    return pairs == 0 ? 0 : aiOnly / (double) pairs;
  }
}
