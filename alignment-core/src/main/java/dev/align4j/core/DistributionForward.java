package dev.align4j.core;

import org.jspecify.annotations.Nullable;

/**
 * A forward pass that also exposes the next-token distribution at every completion position, and back-propagates a
 * loss that depends on it: the optional capability a {@link TrainablePolicy} offers when its {@code forward} returns
 * one (test with {@code instanceof}). Objectives that need it (GKD, full-distribution reverse KL, TDPO's sequential
 * KL) refuse forwards without it.
 *
 * <p>Gradients are taken with respect to the log-probabilities {@code ℓ_{t,v} = log π(v | x, y_<t)} as free variables;
 * the implementation applies the log-softmax Jacobian, {@code ∂loss/∂z_{t,j} = G_{t,j} − π(j)·Σ_v G_{t,v}} for logits
 * z, so any function of the rows has its exact gradient.
 */
public interface DistributionForward extends TrainablePolicy.Forward {

  /** The next-token log-distributions at every completion position (row t is the distribution of token t). */
  TokenDistributions distributions();

  /**
   * Accumulates into the parameter gradients the effect of {@code dLossDTokenLogProbs[t] = ∂loss/∂log π(y_t|…)} and
   * {@code dLossDLogDistributions[t·V + v] = ∂loss/∂log π(v|…, y_<t)} (row-major, V the vocabulary size); the token
   * gradients may be null (no such term). May be called once, instead of {@link #backward(double[])}.
   *
   * @throws IllegalArgumentException when an array has the wrong length ({@code T}, or {@code T × V}) or a non-finite
   *     element; nothing is accumulated then
   */
  void backwardWithDistributions(
      double @Nullable [] dLossDTokenLogProbs, double[] dLossDLogDistributions);
}
