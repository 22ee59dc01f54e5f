package dev.align4j.optimizers.objective.distillation;

import dev.align4j.core.check.Require;
import java.util.List;
import java.util.Map;

/**
 * The value and exact gradient of a loss of the student's per-position log-distributions.
 *
 * @param loss the batch loss: the sum of the per-token divergences over all tokens divided by the number of tokens
 *     (TRL's {@code batchmean} over the unmasked completion tokens)
 * @param losses per sequence, the mean per-token divergence of its tokens
 * @param gradients per sequence, {@code ∂loss/∂log π_S(v | x, y_<t)} row-major ({@code T_i × V}), for
 *     {@link dev.align4j.core.DistributionForward#backwardWithDistributions}; the arrays are not copied
 * @param metrics named values ({@code loss}, {@code num_tokens}, and the objective's own)
 */
public record DistributionLossResult(
    double loss, double[] losses, List<double[]> gradients, Map<String, Double> metrics) {
  /** Copies the lists and the map. */
  public DistributionLossResult {
    Require.nonNull("losses", losses);
    gradients = List.copyOf(Require.nonNull("gradients", gradients));
    metrics = Map.copyOf(Require.nonNull("metrics", metrics));
  }
}
