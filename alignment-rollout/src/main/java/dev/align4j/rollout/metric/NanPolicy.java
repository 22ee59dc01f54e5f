package dev.align4j.rollout.metric;

/** What a NaN observation of a metric means (Kayenta's {@code nanStrategy}, made stricter). */
public enum NanPolicy {
  /** Drop it, keep count (Kayenta's {@code remove}). The default. */
  REMOVE,
  /** Refuse it: recording a NaN throws {@link IllegalArgumentException}. */
  REJECT,
  /** Keep it as a sign of broken data: while any NaN is in the window, the metric cannot pass (the gate holds). */
  BLOCK_PROMOTION
}
