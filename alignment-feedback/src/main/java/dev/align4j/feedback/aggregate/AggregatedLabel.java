package dev.align4j.feedback.aggregate;

import dev.align4j.core.check.Require;
import java.util.Arrays;

/**
 * An item's aggregated label: the hard label, the soft distribution over categories and the support (how many
 * annotations it rests on — a 3/3 and a 30/30 vote both give probability 1 but deserve different trust).
 *
 * @param item item id
 * @param label the hard label, or {@link TiePolicy#NO_LABEL} when the tie policy abstained
 * @param distribution soft label over categories (sums to 1); copied
 * @param support number of annotations
 */
public record AggregatedLabel(String item, int label, double[] distribution, int support) {
  /** Validates and copies. */
  public AggregatedLabel {
    Require.nonBlank("item", item);
    distribution = Require.nonNull("distribution", distribution).clone();
    Require.nonNegative("support", support);
  }

  /** A copy of the distribution. */
  @Override
  public double[] distribution() {
    return distribution.clone();
  }

  /** Probability of category {@code k}. */
  public double probability(int k) {
    return distribution[k];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AggregatedLabel && ((AggregatedLabel) o).item.equals(item)
        && ((AggregatedLabel) o).label == label && ((AggregatedLabel) o).support == support
        && Arrays.equals(((AggregatedLabel) o).distribution, distribution);
  }

  @Override
  public int hashCode() {
    return item.hashCode() * 31 + Arrays.hashCode(distribution) + label;
  }

  @Override
  public String toString() {
    return "AggregatedLabel[item=" + item + ", label=" + label + ", distribution=" + Arrays.toString(distribution)
        + ", support=" + support + "]";
  }
}
