package dev.align4j.rollout.audit;

import dev.align4j.core.AlignmentException;

/** Thrown when an audit log's hash chain does not verify: a record was changed, removed, inserted or reordered. */
public final class TamperedAuditLogException extends AlignmentException {
  private final long line;

  /** An exception naming the 1-based {@code line} where the chain breaks. */
  public TamperedAuditLogException(long line, String message) {
    super("audit log chain broken at line " + line + ": " + message);
    this.line = line;
  }

  /** The 1-based line where the chain breaks. */
  public long line() {
    return line;
  }
}
