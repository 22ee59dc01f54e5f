package dev.align4j.optimizers.kl;

import dev.align4j.core.check.Require;

/**
 * A constant KL coefficient (TRL's {@code FixedKLController}; the default of current TRL PPO/RLOO/GRPO, which take a
 * fixed {@code kl_coef}/{@code beta}). {@link #update} validates its arguments and otherwise does nothing.
 */
public final class FixedKlController implements KlController {
  private final double coefficient;

  /**
   * @param coefficient β ≥ 0 (TRL PPO's {@code kl_coef} default is 0.05)
   */
  public FixedKlController(double coefficient) {
    this.coefficient = Require.nonNegative("coefficient", coefficient);
  }

  @Override
  public double coefficient() {
    return coefficient;
  }

  @Override
  public void update(double observedKl, long steps) {
    Require.finite("observedKl", observedKl);
    Require.positive("steps", steps);
  }

  @Override
  public String toString() {
    return "FixedKlController[coefficient=" + coefficient + "]";
  }
}
