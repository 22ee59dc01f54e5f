package dev.align4j.feedback.aggregate;

import java.util.List;
import java.util.Map;

/**
 * The fit of {@link DawidSkene}.
 *
 * @param labels per item: hard label (posterior argmax, ties by the tie policy), posterior distribution, support
 * @param priors class priors {@code p_k}
 * @param confusion per annotator, {@code π[k][l] = P(says l | true k)}
 * @param logLikelihoods observed-data log-likelihood after each iteration (non-decreasing up to round-off)
 * @param iterations EM iterations run
 * @param converged whether the log-likelihood gain fell below the tolerance before the iteration cap
 */
public record DawidSkeneResult(
    Map<String, AggregatedLabel> labels,
    double[] priors,
    Map<String, double[][]> confusion,
    List<Double> logLikelihoods,
    int iterations,
    boolean converged) {

  /** Copies the collections (arrays are handed out as they are: treat them as read-only). */
  public DawidSkeneResult {
    labels = Map.copyOf(labels);
    confusion = Map.copyOf(confusion);
    logLikelihoods = List.copyOf(logLikelihoods);
  }

  /**
   * An annotator's accuracy under the fitted priors, {@code Σ_k p_k π[k][k]} — a natural weight for
   * {@link WeightedMajorityVote}.
   */
  public double accuracy(String annotator) {
    double[][] pi = confusion.get(annotator);
    if (pi == null) {
      throw new IllegalArgumentException("annotator must be one of the fitted annotators, was " + annotator);
    }
    double acc = 0;
    for (int k = 0; k < priors.length; k++) {
      acc += priors[k] * pi[k][k];
    }
    return acc;
  }
}
