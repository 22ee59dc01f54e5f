package dev.align4j.policies.lm;

import java.io.IOException;

/**
 * A checkpoint that cannot be loaded: not an align4j language-model checkpoint, an unsupported format version, a
 * truncated file, a checksum mismatch, or contents that contradict each other. The message says which, with the
 * numbers involved.
 */
public final class CheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A checkpoint failure with its explanation. */
  public CheckpointException(String message) {
    super(message);
  }
}
