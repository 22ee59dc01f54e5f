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
   * The soft label of several labels of the same pair. A and B are those of the first label; every other label is read
   * in that order by content ({@link PairwiseComparison#orientedTo}), so labels stored with A and B exchanged (for
   * example with A = the preferred answer) are counted for the right answer.
   *
   * @param labels at least one label (or a + b &gt; 0), all about the same prompt and the same two answers
   * @param a prior pseudo-wins of A, {@code >= 0}
   * @param b prior pseudo-wins of B, {@code >= 0}
   * @throws IllegalArgumentException when a label is about another prompt or other answers than the first label
   */
  public static SoftLabel of(List<PairwiseComparison> labels, double a, double b) {
    Require.nonNull("labels", labels);
    Require.nonNegative("a", a);
    Require.nonNegative("b", b);
    Require.argument(!labels.isEmpty() || a + b > 0, "labels must not be empty when a + b = 0");
    double wins = 0;
    for (int i = 0; i < labels.size(); i++) {
      PairwiseComparison p = inOrderOf(labels, i);
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

  /** {@code labels[i]} in the A/B order of {@code labels[0]}, matched by the answers' texts. */
  private static PairwiseComparison inOrderOf(List<PairwiseComparison> labels, int i) {
    PairwiseComparison first = Require.nonNull("labels[0]", labels.get(0));
    PairwiseComparison p = Require.nonNull("labels[" + i + "]", labels.get(i));
    try {
      return p.orientedTo(first.prompt(), first.a(), first.b());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "labels[" + i + "] must be about the same pair as labels[0]: " + e.getMessage(), e);
    }
  }
}
