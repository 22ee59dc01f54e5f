package dev.align4j.optimizers.objective;

import java.util.Map;

/** TRL's common DPO metrics (trl-objectives.md §1.5), from raw log-ratios, independent of the loss type. */
final class PairwiseMetrics {
  private PairwiseMetrics() {}

  /**
   * Puts {@code rewards/chosen} = mean β·ℓ_w, {@code rewards/rejected} = mean β·ℓ_l, {@code rewards/margins},
   * {@code rewards/accuracies} = mean [ℓ_w > ℓ_l] (strict), {@code logps/chosen}, {@code logps/rejected} (batch means
   * of the summed policy log-probabilities).
   */
  static void rewards(
      PairwiseKernels kernels, PairwiseBatch b, double beta, boolean referenceFree, Map<String, Double> out) {
    double[] sums = new double[5];
    int n = b.size();
    kernels.rewardSums(b.policyChosen(), b.policyRejected(), referenceFree ? null : b.referenceChosen(),
        referenceFree ? null : b.referenceRejected(), n, sums);
    double chosen = beta * sums[0] / n;
    double rejected = beta * sums[1] / n;
    out.put("rewards/chosen", chosen);
    out.put("rewards/rejected", rejected);
    out.put("rewards/margins", chosen - rejected);
    out.put("rewards/accuracies", sums[2] / n);
    out.put("logps/chosen", sums[3] / n);
    out.put("logps/rejected", sums[4] / n);
  }
}
