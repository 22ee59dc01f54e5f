package dev.align4j.feedback.store;

/** When {@link FeedbackStore} forces appended records to disk before acknowledging them. */
public enum FsyncPolicy {
  /** {@code fsync} after every record, serially: slowest, simplest. */
  EVERY_RECORD,
  /**
   * Group commit (the database technique): writers append, then wait until one {@code fsync} covers their record;
   * concurrent writers — and the records of one {@link FeedbackStore#appendAll} call — share a single {@code fsync}.
   * Acknowledged records are as durable as with {@link #EVERY_RECORD}. The default.
   */
  GROUP_COMMIT,
  /** Never {@code fsync} (the OS flushes eventually): survives a process crash, not a power loss. For tests. */
  NONE
}
