package dev.align4j.feedback.calibration;

import dev.align4j.core.check.Require;

/**
 * The confidences at which a judge abstains: a label whose confidence {@code c = max(p, 1 − p)} lies in the half-open
 * interval {@code [lower, upper)} is not used, and the hybrid router sends the item to a person
 * ({@code RoutingReason.UNDECIDED}). Confidence is in [½, 1]. The band is chosen from a judge's
 * {@link CalibrationCurve} ({@link CalibrationCurve#undecidedBand(double)}) or configured; {@link #NONE} (the
 * router's default) never abstains.
 *
 * @param lower the lowest abstaining confidence, in [½, 1]
 * @param upper the first confidence above the band, in [lower, 1]; a band that must include 1 is the whole range and
 *     is written {@code [½, 1]} with {@link #abstainsAlways()}
 */
public record UndecidedBand(double lower, double upper) {

  /** The empty band: the judge never abstains on confidence alone. */
  public static final UndecidedBand NONE = new UndecidedBand(0.5, 0.5);

  /** The whole range: the judge always abstains (no confidence is accurate enough). */
  public static final UndecidedBand ALWAYS = new UndecidedBand(0.5, 1.0);

  /** Validates: {@code ½ ≤ lower ≤ upper ≤ 1}. */
  public UndecidedBand {
    Require.inClosedRange("lower", lower, 0.5, 1.0);
    Require.inClosedRange("upper", upper, lower, 1.0);
  }

  /** Whether the band is the whole range [½, 1] (then 1 itself is inside too). */
  public boolean abstainsAlways() {
    return lower == 0.5 && upper == 1.0;
  }

  /** Whether the judge abstains at confidence {@code c = max(p, 1 − p)}. */
  public boolean contains(double confidence) {
    Require.inClosedRange("confidence", confidence, 0.5, 1.0);
    return abstainsAlways() || (confidence >= lower && confidence < upper);
  }

  /** Whether the judge abstains on a label whose probability that A (or "yes") is better is {@code p}. */
  public boolean containsProbability(double p) {
    Require.probability("p", p);
    return contains(Math.max(p, 1 - p));
  }
}
