package dev.align4j.core.label;

import dev.align4j.core.check.Require;

/**
 * The declared range of a {@link Rating}, e.g. 1–10 for an LLM judge or 1–7 for a Likert scale.
 *
 * @param min the lowest allowed value
 * @param max the highest allowed value ({@code > min})
 */
public record RatingScale(double min, double max) {
  /** The common 1–10 judge scale. */
  public static final RatingScale ONE_TO_TEN = new RatingScale(1, 10);
  /** The unit interval. */
  public static final RatingScale UNIT = new RatingScale(0, 1);

  /** Validates finiteness and {@code min < max}. */
  public RatingScale {
    Require.finite("min", min);
    Require.finite("max", max);
    Require.argument(min < max, "max must be > min, was min=%s, max=%s", min, max);
  }

  /** Whether {@code value} lies in the scale. */
  public boolean contains(double value) {
    return value >= min && value <= max;
  }

  /** {@code value} mapped linearly to [0, 1]. */
  public double normalize(double value) {
    return (value - min) / (max - min);
  }
}
