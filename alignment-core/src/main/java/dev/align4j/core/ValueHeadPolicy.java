package dev.align4j.core;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

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
  }

  /** Runs a forward pass of the policy and of the value head. */
  ValueForward forwardWithValues(Prompt prompt, Completion completion);
}
