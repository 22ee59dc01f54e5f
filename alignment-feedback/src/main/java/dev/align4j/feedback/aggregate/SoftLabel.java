package dev.align4j.feedback.aggregate;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.PairwiseComparison;
import java.util.List;

/**
 * A pairwise soft label with its support: {@code p̂(A ≻ B) = (wins_A + ½·ties + a) / (n + a + b)}, the posterior mean
 * under a Beta(a, b) prior (a = b = 0 gives the plain vote share). Ties and both-bad count as half a win each.
 *
 * @param probabilityA p̂(A ≻ B)
 * @param support n, the number of labels
 */
public record SoftLabel(double probabilityA, int support) {
  /** Validates. */
  public SoftLabel {
    Require.probability("probabilityA", probabilityA);
    Require.nonNegative("support", support);
  }

  /**
   * The soft label of several labels of the same pair (all with A and B in the same order).
   *
   * @param labels at least one label (or a + b &gt; 0)
   * @param a prior pseudo-wins of A, {@code >= 0}
   * @param b prior pseudo-wins of B, {@code >= 0}
   */
  public static SoftLabel of(List<PairwiseComparison> labels, double a, double b) {
    Require.nonNull("labels", labels);
    Require.nonNegative("a", a);
    Require.nonNegative("b", b);
    Require.argument(!labels.isEmpty() || a + b > 0, "labels must not be empty when a + b = 0");
    double wins = 0;
    for (PairwiseComparison p : labels) {
      switch (p.outcome()) {
        case A:
          wins += 1;
          break;
        case B:
          break;
        default:
          wins += 0.5;
      }
    }
    return new SoftLabel((wins + a) / (labels.size() + a + b), labels.size());
  }
}
