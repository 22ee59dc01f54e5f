package dev.align4j.optimizers.monitor;

import dev.align4j.core.check.Require;

/**
 * The multiplicative factor the monitor's adjustable knobs ({@link AdjustableKlController},
 * {@link AdjustableLearningRate}) apply to what they wrap: starts at 1, only ever multiplied by a finite positive
 * number. Reads are lock-free (volatile), multiplications are serialised, so concurrent {@link #scale} calls compose.
 */
final class ScaleFactor {
  private volatile double value = 1.0;

  /** The current factor. */
  double value() {
    return value;
  }

  /**
   * Multiplies the factor by {@code multiplier}.
   *
   * @throws IllegalArgumentException when {@code multiplier} is not in (0, ∞)
   */
  synchronized void scale(double multiplier) {
    Require.argument(
        Double.isFinite(multiplier) && multiplier > 0,
        "multiplier must be finite and > 0, was %s",
        multiplier);
    value *= multiplier;
  }
}
