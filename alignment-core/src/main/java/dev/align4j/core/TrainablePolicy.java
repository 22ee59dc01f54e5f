package dev.align4j.core;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * A policy whose parameters an optimiser can change.
 *
 * <p>Training works on log-probabilities: an objective turns log-probabilities into a loss and returns
 * {@code ∂loss/∂log π(y_t|…)} per token; the policy back-propagates that into its parameters. One step is:
 *
 * <pre>{@code
 * policy.zeroGrad();
 * Forward f = policy.forward(prompt, completion);    // keeps what backward needs
 * double[] g = objective(f.logProbs());               // d loss / d token log-prob
 * f.backward(g);                                      // accumulates parameter gradients
 * double gradNorm = policy.step(learningRate);        // AdamW (or the policy's optimiser), with clipping
 * }</pre>
 *
 * <p>A failed step must not leave parameters half-updated: {@link #step(double)} either applies the whole update or
 * throws before changing anything (for example when a gradient is NaN).
 */
public interface TrainablePolicy extends Policy {

  /** A forward pass whose per-token log-probabilities can be back-propagated. */
  interface Forward {
    /** The per-token log-probabilities computed by the forward pass. */
    TokenLogProbs logProbs();

    /**
     * Accumulates into the parameter gradients the effect of {@code dLossDTokenLogProbs[t] = ∂loss/∂log π(y_t|…)}.
     * May be called once.
     *
     * @throws IllegalArgumentException when the array's length is not the number of completion tokens
     */
    void backward(double[] dLossDTokenLogProbs);
  }

  /** Runs a forward pass that remembers what {@link Forward#backward(double[])} needs. */
  Forward forward(Prompt prompt, Completion completion);

  /** Sets every accumulated parameter gradient to zero. */
  void zeroGrad();

  /**
   * Applies one optimiser step with the accumulated gradients at {@code learningRate}, clipping the global gradient
   * norm as configured.
   *
   * @return the global L2 norm of the gradient before clipping
   * @throws IllegalStateException when a gradient is not finite; no parameter is changed then
   */
  double step(double learningRate);

  /** The number of completed optimiser steps. */
  long stepCount();

  /** The number of trainable parameters. */
  long parameterCount();

  /** A frozen, independent copy of the current parameters, to serve as the reference policy π_ref. */
  Policy frozenCopy();
}
