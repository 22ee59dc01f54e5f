package dev.align4j.rollout.metric;

/** A metric's verdict at one look; {@link #name()} is the stable code written into reasons and the audit log. */
public enum Verdict {
  /** The metric is shown to be inside its acceptable range. */
  PASS,
  /** The metric is shown to be outside its acceptable range (a regression). */
  BREACH,
  /** Data but no conclusion yet. */
  INCONCLUSIVE,
  /** Not enough observations per arm for this metric's minimum sample. */
  INSUFFICIENT_DATA,
  /** No observations at all. */
  NO_DATA,
  /** A fixed-horizon test has not reached its horizon: it is not read yet. */
  AWAITING_HORIZON,
  /** NaN observations under {@link NanPolicy#BLOCK_PROMOTION}. */
  INVALID_DATA
}
