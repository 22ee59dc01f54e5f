package dev.align4j.rewards.io;

import java.io.IOException;

/**
 * A saved reward model could not be read because the file is not one, is of a newer format version, is truncated,
 * or fails its SHA-256 checksum. The message names the file and what is wrong.
 */
public final class CorruptModelFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public CorruptModelFileException(String message) {
    super(message);
  }

  /** An exception with the given message and cause. */
  public CorruptModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
