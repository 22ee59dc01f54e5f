package dev.align4j.core;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
 * <p>Batches: {@link #forwardBatch} and {@link #backwardBatch} run a whole batch, with the gradients in the shape the
 * objective produced them ({@link TokenGradients}: one per sequence or one per token, never expanded or sliced). The
 * default methods loop over the single-example methods, so a simple policy implements only those; a policy that runs
 * a batch in parallel overrides them, and must then sum the examples' gradient contributions in a fixed order that
 * does not depend on the number of threads, so that a run is bit-identical on one thread and on many. The optimisers
 * of align4j call only the batch methods.
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
     * The entropy of the policy's distribution at each completion token, in nats, {@code H_t = −Σ_v π(v | x, y_<t)
     * log π(v | x, y_<t)}, when the forward pass computed the whole distribution (one value per token, as
     * {@link #logProbs()}); {@code null}, the default, when it did not. The training-health metrics report it as the
     * policy's {@code entropy} (TRL's exact per-token entropy) instead of the sampled estimate −mean_t log π(y_t).
     */
    default double @Nullable [] tokenEntropies() {
      return null;
    }

    /**
     * Accumulates into the parameter gradients the effect of {@code dLossDTokenLogProbs[t] = ∂loss/∂log π(y_t|…)}.
     * May be called once.
     *
     * @throws IllegalArgumentException when the array's length is not the number of completion tokens
     */
    void backward(double[] dLossDTokenLogProbs);

    /**
     * Like {@link #backward(double[])} with every token's gradient equal to {@code dLossDSequenceLogProb}: the
     * backward pass of a loss that depends on the sequence log-probability {@code log π(y|x) = Σ_t log π(y_t|…)}
     * only. The default expands the value into an array; implementations can avoid the copy.
     *
     * @throws IllegalArgumentException when the value is not finite
     */
    default void backwardUniform(double dLossDSequenceLogProb) {
      Require.finite("dLossDSequenceLogProb", dLossDSequenceLogProb);
      double[] g = new double[logProbs().length()];
      Arrays.fill(g, dLossDSequenceLogProb);
      backward(g);
    }

    /**
     * Like {@link #backward(double[])} with this sequence's token gradients read from
     * {@code tokenGradients[offset .. offset + n)}, n being the number of completion tokens. The default copies the
     * range; implementations can read it in place.
     *
     * @throws IllegalArgumentException when the range does not fit in the array
     */
    default void backward(double[] tokenGradients, int offset) {
      int n = logProbs().length();
      Require.finiteSlice("tokenGradients", tokenGradients, offset, n);
      backward(Arrays.copyOfRange(tokenGradients, offset, offset + n));
    }
  }

  /** Runs a forward pass that remembers what {@link Forward#backward(double[])} needs. */
  Forward forward(Prompt prompt, Completion completion);

  /**
   * Forward passes of a batch: {@code forward(prompts.get(i), completions.get(i))} for each i, in order. The default
   * loops on the caller's thread; an implementation may run the examples in parallel.
   *
   * @throws IllegalArgumentException when the lists differ in size, or an example is refused (the message names its
   *     index)
   */
  default List<? extends Forward> forwardBatch(List<Prompt> prompts, List<Completion> completions) {
    Require.nonNull("prompts", prompts);
    Require.nonNull("completions", completions);
    Require.sameLength("prompts", prompts.size(), "completions", completions.size());
    List<Forward> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      try {
        out.add(forward(prompts.get(i), completions.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("batch example " + i + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * Backward passes of a batch: accumulates sequence i's gradient through {@code forwards.get(i)} for each i. The
   * shapes are checked before anything is accumulated. The default loops in index order on the caller's thread; an
   * implementation that runs in parallel sums the contributions in a fixed order (see the class comment).
   *
   * @throws IllegalArgumentException when the gradients do not fit the forwards; no gradient is changed then
   */
  default void backwardBatch(List<? extends Forward> forwards, TokenGradients gradients) {
    Require.nonNull("gradients", gradients);
    gradients.requireShape(forwards);
    for (int i = 0; i < forwards.size(); i++) {
      gradients.backward(i, forwards.get(i));
    }
  }

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
