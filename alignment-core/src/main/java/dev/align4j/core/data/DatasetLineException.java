package dev.align4j.core.data;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A dataset line could not be read as a record: names the file, the 1-based line number and the reason, e.g.
 * {@code "prefs.jsonl:17: field \"chosen\" is missing"}. A {@link DatasetFormatMismatchException} says in addition
 * that no line matched the requested format and which format the lines look like.
 */
public sealed class DatasetLineException extends IllegalArgumentException permits DatasetFormatMismatchException {
  private static final long serialVersionUID = 1L;
  private final @Nullable String file;
  private final long lineNumber;
  private final String reason;

  /**
   * @param file the file (or stream name), or null when unknown
   * @param lineNumber the 1-based line number
   * @param reason why the line was rejected
   */
  public DatasetLineException(@Nullable Path file, long lineNumber, String reason) {
    super((file == null ? "<stream>" : file.toString()) + ":" + lineNumber + ": " + reason);
    this.file = file == null ? null : file.toString();
    this.lineNumber = lineNumber;
    this.reason = reason;
  }

  /** The file, or null when reading a stream. */
  public @Nullable String file() {
    return file;
  }

  /** The 1-based line number. */
  public long lineNumber() {
    return lineNumber;
  }

  /** Why the line was rejected. */
  public String reason() {
    return reason;
  }
}
