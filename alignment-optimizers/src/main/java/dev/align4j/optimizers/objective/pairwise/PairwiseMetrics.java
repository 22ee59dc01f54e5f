package dev.align4j.optimizers.objective.pairwise;

import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.internal.PairwiseKernels;
import java.util.Map;

/**
 * TRL's common reward metrics of a pairwise loss, with the meaning of the TRL trainer that owns the loss type
 * (trl-objectives.md §1.5, §4, §5):
 *
 * <ul>
 *   <li>DPOTrainer's types (and the other reference-based ones, and {@code sft}): {@code rewards/chosen} = mean β·ℓ_w
 *       with ℓ the raw summed log-ratio (the policy sum when reference-free or without reference values);
 *   <li>CPOTrainer's {@code sigmoid}/{@code hinge} ({@code cpo}, {@code cpo_hinge}) and {@code slic}: β × the summed
 *       policy log-probability;
 *   <li>CPOTrainer's {@code ipo}/{@code simpo} ({@code cpo_ipo}, {@code simpo}) and ORPOTrainer ({@code orpo}): β ×
 *       the length-averaged policy log-probability (the log-probability these trainers compute);
 *   <li>AlphaPO ({@code alphapo}, CPOTrainer's {@code alpha} ≠ 0): β × the AlphaPO reward (1 − e^{−α·m̄})/α of the
 *       length-averaged log-probability m̄ (m̄ itself at α = 0).
 * </ul>
 *
 * <p>{@code rewards/margins} is their difference, {@code rewards/accuracies} the share of pairs whose chosen reward is
 * strictly larger, and {@code logps/chosen}, {@code logps/rejected} the batch means of the policy log-probabilities the
 * trainer computes (summed, or length-averaged for the averaging types).
 */
final class PairwiseMetrics {
  private PairwiseMetrics() {}

  /** Puts the reward and log-prob metrics of {@code loss} on {@code b} into {@code out}. */
  static void rewards(PairwiseKernels kernels, PairwiseLoss loss, PairwiseBatch b, Map<String, Double> out) {
    switch (loss.type()) {
      case SIMPO:
      case CPO_IPO:
      case ORPO:
        averaged(b, loss.beta(), 0.0, out);
        return;
      case ALPHAPO:
        averaged(b, loss.beta(), loss.alpha(), out);
        return;
      case SFT:
        summed(kernels, b, loss.beta(), !b.hasReference(), out); // DPOTrainer's sft: the log-ratio metrics
        return;
      default:
        summed(kernels, b, loss.beta(), loss.referenceFree(), out);
    }
  }

  private static void summed(
      PairwiseKernels kernels, PairwiseBatch b, double beta, boolean referenceFree, Map<String, Double> out) {
    double[] sums = new double[5];
    int n = b.size();
    kernels.rewardSums(b.policyChosen(), b.policyRejected(), referenceFree ? null : b.referenceChosen(),
        referenceFree ? null : b.referenceRejected(), n, sums);
    put(beta * sums[0] / n, beta * sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n, out);
  }

  /** Rewards of the length-averaged policy log-probabilities m̄, through AlphaPO's reward when α ≠ 0. */
  private static void averaged(PairwiseBatch b, double beta, double alpha, Map<String, Double> out) {
    double[] c = b.policyChosen();
    double[] r = b.policyRejected();
    int[] lw = b.chosenLengths();
    int[] ll = b.rejectedLengths();
    int n = b.size();
    double rewardChosen = 0;
    double rewardRejected = 0;
    double accurate = 0;
    double meanChosen = 0;
    double meanRejected = 0;
    for (int i = 0; i < n; i++) {
      double mw = c[i] / lw[i];
      double ml = r[i] / ll[i];
      double rw = alpha == 0 ? mw : -Math.expm1(-alpha * mw) / alpha;
      double rl = alpha == 0 ? ml : -Math.expm1(-alpha * ml) / alpha;
      rewardChosen += rw;
      rewardRejected += rl;
      accurate += rw > rl ? 1 : 0;
      meanChosen += mw;
      meanRejected += ml;
    }
    put(beta * rewardChosen / n, beta * rewardRejected / n, accurate / n, meanChosen / n, meanRejected / n, out);
  }

  private static void put(
      double chosen, double rejected, double accuracy, double logpChosen, double logpRejected,
      Map<String, Double> out) {
    out.put("rewards/chosen", chosen);
    out.put("rewards/rejected", rejected);
    out.put("rewards/margins", chosen - rejected);
    out.put("rewards/accuracies", accuracy);
    out.put("logps/chosen", logpChosen);
    out.put("logps/rejected", logpRejected);
  }
}
