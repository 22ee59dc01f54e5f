package dev.align4j.feedback.route;

/** Why {@link HybridRouter} routed a request the way it did. */
public enum RoutingReason {
  /** AI verdict order-consistent, confident, and the judge's κ on the slice is at or above the minimum. */
  TRUSTED,
  /** The request's category is configured to always go to humans. */
  CATEGORY,
  /** Drawn for the random audit. */
  AUDIT,
  /** The AI source failed (transport, refusal, unparseable verdict). */
  AI_FAILED,
  /** The two presentation orders disagreed (or the source did not say it was consistent). */
  INCONSISTENT,
  /**
   * The judge abstained: its confidence {@code max(p, 1 − p)} lies in the configured undecided band, chosen from its
   * calibration curve ({@code dev.align4j.feedback.calibration.UndecidedBand}).
   */
  UNDECIDED,
  /** {@code |p − ½|} below the confidence threshold. */
  LOW_CONFIDENCE,
  /** A candidate looked like a prompt-injection attempt. */
  INJECTION_FLAGGED,
  /** Not enough audited items on the slice yet, or κ below the minimum. */
  UNCALIBRATED
}
