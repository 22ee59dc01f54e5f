package dev.align4j.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of align4j's unchecked failures that are not bad arguments: a remote call that failed (see
 * {@code dev.align4j.core.llm.ChatModelException} and its retriable and non-retriable subtypes), a tampered audit log,
 * a training step whose loss is not finite, a judge's answer that cannot be parsed. Catch it to handle every align4j
 * failure in one place.
 *
 * <p>Not under it, on purpose: bad arguments and bad input data throw {@link IllegalArgumentException} (or a subtype
 * such as {@code DatasetLineException}), as the JDK does; file formats that are damaged throw a checked
 * {@code IOException} subtype (such as {@code CorruptModelFileException}), as every other I/O failure does.
 * The core README lists the whole hierarchy.
 *
 * <p>Messages never contain credentials; the cause chain is kept.
 */
public class AlignmentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong
   */
  public AlignmentException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure, or null
   */
  public AlignmentException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
