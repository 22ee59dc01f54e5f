package dev.align4j.optimizers.objective;

/**
 * A policy-gradient objective over ragged per-token log-probabilities: PPO's clipped surrogate, GRPO and its loss
 * aggregations, GSPO, CISPO, SAPO, RLOO. It is a pure function of the batch: no model, no state, thread-safe.
 *
 * <p>Create one with a typed builder ({@code PpoLoss}, {@code GrpoLoss}, {@code RlooLoss}) or from a TRL-style
 * {@code loss_type} string and config map with {@link Objectives#policyGradient(String, java.util.Map)}.
 */
@FunctionalInterface
public interface PolicyGradientObjective {

  /**
   * Evaluates the loss, per-sequence losses, exact gradients and metrics on {@code batch}.
   *
   * @throws IllegalArgumentException when the batch lacks an input this objective needs (reference log-probabilities
   *     for a KL term, values for a value loss) or when an importance ratio overflows a double
   */
  PolicyGradientResult evaluate(PolicyGradientBatch batch);
}
