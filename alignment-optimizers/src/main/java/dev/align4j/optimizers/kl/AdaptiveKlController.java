package dev.align4j.optimizers.kl;

import dev.align4j.core.check.Require;

/**
 * The adaptive KL coefficient of Ziegler et al. 2019 ("Fine-Tuning Language Models from Human Preferences",
 * arXiv:1909.08593, §2.2), in the form of their {@code lm-human-preferences} code and of TRL's former
 * {@code AdaptiveKLController}:
 *
 * <pre>
 *   e    = clip(KL_observed / KL_target − 1, −c, c)
 *   β   ← β · (1 + e · steps / horizon)
 * </pre>
 *
 * a proportional controller on the log-space error, clipped to ±c so a single noisy step cannot move β by more than
 * c·steps/horizon. Defaults (the paper's and TRL's legacy {@code PPOConfig}): initial β = 0.2, target KL = 6 nats,
 * horizon = 10000, c = 0.2. Not thread-safe: one training loop owns it.
 */
public final class AdaptiveKlController implements KlController {
  private final double initialCoefficient;
  private final double target;
  private final double horizon;
  private final double errorClip;
  private double coefficient;

  private AdaptiveKlController(Builder b) {
    this.initialCoefficient = b.initialCoefficient;
    this.target = b.target;
    this.horizon = b.horizon;
    this.errorClip = b.errorClip;
    this.coefficient = b.initialCoefficient;
  }

  /** A builder with the paper's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public double coefficient() {
    return coefficient;
  }

  @Override
  public void update(double observedKl, long steps) {
    coefficient *= multiplier(observedKl, steps);
  }

  /** Also refuses a step count that would make the multiplier non-positive (see {@link #update}). */
  @Override
  public void checkUpdate(double observedKl, long steps) {
    multiplier(observedKl, steps);
  }

  private double multiplier(double observedKl, long steps) {
    Require.finite("observedKl", observedKl);
    Require.positive("steps", steps);
    double error = Math.max(-errorClip, Math.min(errorClip, observedKl / target - 1.0));
    double multiplier = 1.0 + error * steps / horizon;
    if (!(multiplier > 0)) {
      throw new IllegalArgumentException("steps must be < horizon / errorClip (" + horizon / errorClip
          + ") so that the coefficient stays positive, was " + steps);
    }
    return multiplier;
  }

  /** The target KL (nats). */
  public double target() {
    return target;
  }

  /** The horizon (in samples). */
  public double horizon() {
    return horizon;
  }

  /** Restores the initial coefficient. */
  public void reset() {
    coefficient = initialCoefficient;
  }

  @Override
  public String toString() {
    return "AdaptiveKlController[coefficient=" + coefficient + ", target=" + target + ", horizon=" + horizon + "]";
  }

  /** Builds an {@link AdaptiveKlController}; every setter validates its argument. */
  public static final class Builder {
    private double initialCoefficient = 0.2;
    private double target = 6.0;
    private double horizon = 10_000;
    private double errorClip = 0.2;

    private Builder() {}

    /** TRL's {@code init_kl_coef} (&gt; 0); default 0.2. */
    public Builder initialCoefficient(double initialCoefficient) {
      this.initialCoefficient = Require.positive("init_kl_coef", initialCoefficient);
      return this;
    }

    /** TRL's {@code target} KL in nats (&gt; 0); default 6. */
    public Builder target(double target) {
      this.target = Require.positive("target", target);
      return this;
    }

    /** TRL's {@code horizon} in samples (&gt; 0); default 10000. */
    public Builder horizon(double horizon) {
      this.horizon = Require.positive("horizon", horizon);
      return this;
    }

    /** The clip c of the proportional error, in (0, 1) so that β stays positive for steps ≤ horizon; default 0.2. */
    public Builder errorClip(double errorClip) {
      this.errorClip = Require.inOpenRange("errorClip", errorClip, 0.0, 1.0);
      return this;
    }

    /** Builds the controller. */
    public AdaptiveKlController build() {
      return new AdaptiveKlController(this);
    }
  }
}
