package dev.align4j.optimizers.objective;

import dev.align4j.core.check.Require;

/**
 * An objective over unpaired, binary-labelled completions (KTO, APO-zero unpaired, BCO, NPO): a pure function of
 * log-probabilities that returns the mean loss, per-example losses and the exact gradient of the mean loss with
 * respect to the policy log-probabilities. Create one with a typed builder ({@code KtoLoss.builder()},
 * {@code BcoLoss.builder()}, {@code NpoLoss.builder()}) or from TRL-style strings with
 * {@link Objectives#unpaired(String, java.util.Map)}.
 */
@FunctionalInterface
public interface UnpairedObjective {
  /** Evaluates the objective on {@code batch}. */
  UnpairedResult evaluate(UnpairedBatch batch);

  /**
   * Evaluates into caller-supplied buffers and returns the mean loss, without metrics. The default copies from
   * {@link #evaluate}; implementations on hot paths ({@code KtoLoss}) override it without allocating.
   *
   * @param losses receives the per-example losses, length ≥ {@code batch.size()}
   * @param gradPolicy receives ∂loss/∂policyLogps, length ≥ {@code batch.size()}
   */
  default double evaluateInto(UnpairedBatch batch, double[] losses, double[] gradPolicy) {
    checkBuffers(batch, losses, gradPolicy);
    UnpairedResult r = evaluate(batch);
    System.arraycopy(r.losses(), 0, losses, 0, batch.size());
    System.arraycopy(r.gradPolicy(), 0, gradPolicy, 0, batch.size());
    return r.loss();
  }

  /** Requires both output buffers to hold at least {@code batch.size()} values. */
  static void checkBuffers(UnpairedBatch batch, double[] losses, double[] gradPolicy) {
    Require.nonNull("losses", losses);
    Require.nonNull("gradPolicy", gradPolicy);
    if (losses.length < batch.size() || gradPolicy.length < batch.size()) {
      throw new IllegalArgumentException(
          "losses and gradPolicy must hold at least "
              + batch.size()
              + " values, were length "
              + losses.length
              + " and "
              + gradPolicy.length);
    }
  }
}
