package dev.align4j.rollout.metric;

/** How much a metric's breach weighs (Kayenta's {@code critical} and report-only metrics, Argo's dry run). */
public enum Criticality {
  /** One breach rolls back, whatever the score. */
  CRITICAL,
  /** A breach lowers the weighted score; a low score rolls back, a marginal one pauses for a human. */
  NORMAL,
  /** Evaluated and recorded, never acted on (a dry run). */
  REPORT_ONLY
}
