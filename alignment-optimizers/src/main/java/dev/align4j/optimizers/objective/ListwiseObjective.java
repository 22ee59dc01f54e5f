package dev.align4j.optimizers.objective;

import dev.align4j.core.check.Require;

/**
 * An objective over ranked lists of k ≥ 2 completions (Plackett–Luce DPO, PRO, LiPO-λ, RRHF): a pure function of
 * log-probabilities that returns the mean loss over lists, the loss of each list and the exact gradient of the mean
 * loss with respect to every candidate's policy log-probability. Create one with a typed builder or from strings with
 * {@link Objectives#listwise(String, java.util.Map)}.
 */
@FunctionalInterface
public interface ListwiseObjective {
  /** Evaluates the objective on {@code batch}. */
  ListwiseResult evaluate(ListwiseBatch batch);

  /**
   * Evaluates into caller-supplied buffers and returns the mean loss, without metrics. The default copies from
   * {@link #evaluate}; implementations on hot paths ({@code PlackettLuceDpoLoss}) override it without allocating.
   *
   * @param losses receives the loss of each list, length ≥ {@code batch.listCount()}
   * @param gradPolicy receives ∂loss/∂policyLogps, length ≥ the number of candidates
   */
  default double evaluateInto(ListwiseBatch batch, double[] losses, double[] gradPolicy) {
    checkBuffers(batch, losses, gradPolicy);
    ListwiseResult r = evaluate(batch);
    System.arraycopy(r.losses(), 0, losses, 0, r.losses().length);
    System.arraycopy(r.gradPolicy(), 0, gradPolicy, 0, r.gradPolicy().length);
    return r.loss();
  }

  /** Requires the output buffers to be large enough for {@code batch}. */
  static void checkBuffers(ListwiseBatch batch, double[] losses, double[] gradPolicy) {
    Require.nonNull("losses", losses);
    Require.nonNull("gradPolicy", gradPolicy);
    if (losses.length < batch.listCount()) {
      throw new IllegalArgumentException(
          "losses must hold at least "
              + batch.listCount()
              + " values (one per list), was length "
              + losses.length);
    }
    if (gradPolicy.length < batch.policyLogps().length) {
      throw new IllegalArgumentException(
          "gradPolicy must hold at least "
              + batch.policyLogps().length
              + " values (one per candidate), was length "
              + gradPolicy.length);
    }
  }
}
