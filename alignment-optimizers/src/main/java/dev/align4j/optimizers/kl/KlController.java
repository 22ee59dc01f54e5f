package dev.align4j.optimizers.kl;

import dev.align4j.core.check.Require;

/**
 * The coefficient β of a KL penalty (reward r − β·KL), possibly adapted during training to keep the observed KL near
 * a target (Ziegler et al. 2019, "Fine-Tuning Language Models from Human Preferences", arXiv:1909.08593, §2.2).
 *
 * <p>Usage per PPO step: shape the rewards with {@link #coefficient()}, then report the measured KL with {@link
 * #update(double, long)}. Implementations are not required to be thread-safe: one training loop owns a controller.
 */
public interface KlController {

  /** The current coefficient β ≥ 0. */
  double coefficient();

  /**
   * Reports the KL observed in the last step (nats, per sequence as in the paper) over {@code steps} samples
   * (TRL passes the batch size).
   *
   * @throws IllegalArgumentException when {@code observedKl} is not finite or {@code steps} is not positive
   */
  void update(double observedKl, long steps);

  /**
   * Checks, without changing anything, that {@link #update(double, long)} would accept these arguments. An optimiser
   * calls it before it commits a step, so that a step the controller would refuse changes nothing. Implementations
   * whose {@code update} can refuse more than this default checks must override it.
   *
   * @throws IllegalArgumentException when {@code observedKl} is not finite or {@code steps} is not positive
   */
  default void checkUpdate(double observedKl, long steps) {
    Require.finite("observedKl", observedKl);
    Require.positive("steps", steps);
  }
}
