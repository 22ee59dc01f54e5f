package dev.align4j.core.data;

import dev.align4j.core.check.Require;

/**
 * A line that lenient reading set aside.
 *
 * @param lineNumber the 1-based line number
 * @param reason why it was rejected
 */
public record Reject(long lineNumber, String reason) {
  /** Validates. */
  public Reject {
    Require.argument(lineNumber >= 1, "lineNumber must be >= 1, was %d", lineNumber);
    Require.nonNull("reason", reason);
  }
}
