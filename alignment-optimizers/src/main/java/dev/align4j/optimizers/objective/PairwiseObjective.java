package dev.align4j.optimizers.objective;

import dev.align4j.core.check.Require;

/**
 * A preference objective over pairs (DPO and its relatives): a pure function of log-probabilities that returns the
 * mean loss, per-pair losses, exact gradients and TRL-named metrics. It never sees a model; a trainer back-propagates
 * {@code gradPolicyChosen}/{@code gradPolicyRejected} into the policy (each sequence log-probability is a sum of
 * token log-probabilities, so every token of pair {@code i}'s chosen completion gets {@code gradPolicyChosen[i]}).
 *
 * <p>Implementations: {@code PairwiseLoss} (one loss type), {@code CombinedPairwiseLoss} (a weighted sum, e.g. MPO or
 * RPO), and {@link Objectives#pairwise(String, java.util.Map)} for TRL's string names.
 */
public interface PairwiseObjective {

  /** Evaluates the objective on {@code batch}. */
  PairwiseResult evaluate(PairwiseBatch batch);

  /**
   * Evaluates into caller-supplied buffers, without metrics. The reference implementations allocate nothing here
   * (the buffers may be reused across calls; they are overwritten). This default delegates to
   * {@link #evaluate(PairwiseBatch)} and copies.
   *
   * @param losses receives the per-pair losses, length ≥ batch size
   * @param gradPolicyChosen receives ∂loss/∂policyChosen, length ≥ batch size
   * @param gradPolicyRejected receives ∂loss/∂policyRejected, length ≥ batch size
   * @return the mean loss
   */
  default double evaluateInto(
      PairwiseBatch batch,
      double[] losses,
      double[] gradPolicyChosen,
      double[] gradPolicyRejected) {
    checkBuffers(batch, losses, gradPolicyChosen, gradPolicyRejected);
    PairwiseResult r = evaluate(batch);
    int n = batch.size();
    System.arraycopy(r.losses(), 0, losses, 0, n);
    System.arraycopy(r.gradPolicyChosen(), 0, gradPolicyChosen, 0, n);
    System.arraycopy(r.gradPolicyRejected(), 0, gradPolicyRejected, 0, n);
    return r.loss();
  }

  /** Requires the three output buffers to hold at least {@code batch.size()} values. */
  static void checkBuffers(
      PairwiseBatch batch, double[] losses, double[] gradChosen, double[] gradRejected) {
    int n = Require.nonNull("batch", batch).size();
    // explicit tests rather than Require.argument(..., Object...): no varargs boxing on the
    // allocation-free path
    checkBuffer("losses", Require.nonNull("losses", losses), n);
    checkBuffer("gradPolicyChosen", Require.nonNull("gradPolicyChosen", gradChosen), n);
    checkBuffer("gradPolicyRejected", Require.nonNull("gradPolicyRejected", gradRejected), n);
  }

  private static void checkBuffer(String name, double[] buffer, int n) {
    if (buffer.length < n) {
      throw new IllegalArgumentException(
          name + " must have length >= batch size " + n + ", was " + buffer.length);
    }
  }
}
