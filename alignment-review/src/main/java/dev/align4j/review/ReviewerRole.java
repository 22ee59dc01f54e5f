package dev.align4j.review;

/** What a reviewer account may do. */
public enum ReviewerRole {
  /** Answers tasks: sees its own tasks, progress and gold accuracy, never another reviewer's answers (blind mode). */
  REVIEWER,
  /** A reviewer who may also read the dashboard endpoints: statistics, agreement, flags and exports. */
  LEAD
}
