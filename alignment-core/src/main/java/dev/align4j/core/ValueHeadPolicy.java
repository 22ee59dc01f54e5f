package dev.align4j.core;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A trainable policy with a value head V(s_t): one estimate of the expected return per completion token, read from
 * the state before that token is emitted (the prompt and the completion tokens before t). PPO's generalised advantage
 * estimation (Schulman et al. 2016) needs it; every other optimiser ignores it.
 *
 * <p>Contract for implementers (the transformer LM implements it with a linear head on the last hidden state): the
 * value forward shares the policy's forward pass; {@link ValueForward#backward(double[], double[])} accumulates the
 * gradients of both the token log-probabilities and the values, and the value-head parameters are updated by the same
 * {@link #step(double)} as the rest of the policy. A frozen copy does not need a value head.
 */
public interface ValueHeadPolicy extends TrainablePolicy {

  /** A forward pass that also returns one value per completion token. */
  interface ValueForward extends Forward {
    /** {@code values[t] = V(x, y_<t)}: the value of the state in which token t is chosen. */
    double[] values();

    /**
     * Accumulates the gradients of the loss with respect to the token log-probabilities and the values. May be called
     * once, instead of {@link #backward(double[])}.
     *
     * @throws IllegalArgumentException when either array's length is not the number of completion tokens
     */
    void backward(double[] dLossDTokenLogProbs, double[] dLossDValues);

    @Override
    default void backward(double[] dLossDTokenLogProbs) {
      backward(dLossDTokenLogProbs, new double[dLossDTokenLogProbs.length]);
    }

    /**
     * Like {@link #backward(double[], double[])} with both gradients read in place: the n token gradients from
     * {@code dLossDTokenLogProbs[offset .. offset + n)} and the n value gradients from
     * {@code dLossDValues[offset .. offset + n)} (the two arrays are laid out alike). The default copies the ranges.
     *
     * @throws IllegalArgumentException when the range does not fit in either array
     */
    default void backward(double[] dLossDTokenLogProbs, double[] dLossDValues, int offset) {
      Require.nonNull("dLossDTokenLogProbs", dLossDTokenLogProbs);
      Require.nonNull("dLossDValues", dLossDValues);
      Require.sameLength(
          "dLossDTokenLogProbs", dLossDTokenLogProbs.length, "dLossDValues", dLossDValues.length);
      int n = logProbs().length();
      Require.finiteSlice("dLossDTokenLogProbs", dLossDTokenLogProbs, offset, n);
      Require.finiteSlice("dLossDValues", dLossDValues, offset, n);
      backward(
          Arrays.copyOfRange(dLossDTokenLogProbs, offset, offset + n),
          Arrays.copyOfRange(dLossDValues, offset, offset + n));
    }
  }

  /** Runs a forward pass of the policy and of the value head. */
  ValueForward forwardWithValues(Prompt prompt, Completion completion);

  /**
   * Forward passes of the policy and the value head over a batch, in order; the batch form of
   * {@link #forwardWithValues}, with the same contract as {@link #forwardBatch}.
   */
  default List<? extends ValueForward> forwardBatchWithValues(
      List<Prompt> prompts, List<Completion> completions) {
    Require.nonNull("prompts", prompts);
    Require.nonNull("completions", completions);
    Require.sameLength("prompts", prompts.size(), "completions", completions.size());
    List<ValueForward> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      try {
        out.add(forwardWithValues(prompts.get(i), completions.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("batch example " + i + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * Backward passes of a batch with value gradients: per-token log-probability gradients and per-token value
   * gradients, laid out alike ({@code dLossDValues.offsets()} equal to {@code dLossDTokenLogProbs.offsets()}). The
   * shapes are checked before anything is accumulated; the ordering contract is that of {@link #backwardBatch}.
   *
   * @throws IllegalArgumentException when the gradients do not fit the forwards; no gradient is changed then
   */
  default void backwardBatch(
      List<? extends ValueForward> forwards,
      TokenGradients.PerToken dLossDTokenLogProbs,
      TokenGradients.PerToken dLossDValues) {
    Require.nonNull("dLossDTokenLogProbs", dLossDTokenLogProbs);
    Require.nonNull("dLossDValues", dLossDValues);
    dLossDTokenLogProbs.requireShape(forwards);
    Require.argument(
        Arrays.equals(dLossDTokenLogProbs.offsets(), dLossDValues.offsets()),
        "dLossDValues must be laid out like dLossDTokenLogProbs (same offsets)");
    for (int i = 0; i < forwards.size(); i++) {
      forwards
          .get(i)
          .backward(
              dLossDTokenLogProbs.values(),
              dLossDValues.values(),
              dLossDTokenLogProbs.offsets()[i]);
    }
  }
}
