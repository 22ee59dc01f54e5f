package dev.align4j.core;

/**
 * One update rule of a trainable policy. Offline optimisers (SFT, DPO and relatives, KTO) take a batch of labelled
 * data; online optimisers (PPO, GRPO, RLOO, online DPO) take a batch of prompts and sample, score or ask for feedback
 * themselves.
 *
 * @param <B> the batch type
 */
public interface PolicyOptimizer<B> {

  /**
   * Performs one optimisation step on {@code batch} and returns its metrics.
   *
   * @throws IllegalStateException when the loss or a gradient is not finite; the message names the step
   */
  StepMetrics step(B batch);

  /** The number of steps taken so far. */
  long stepCount();
}
