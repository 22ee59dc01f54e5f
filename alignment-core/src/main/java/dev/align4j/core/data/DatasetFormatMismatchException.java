package dev.align4j.core.data;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Strict reading stopped at the first record line, which is not in the requested format but has the fields of
 * another one: no line of the input matched the requested format. Names both formats, e.g. {@code "prefs.jsonl:1: no
 * line matched the requested format TRL_PREFERENCE: the line looks like OPENAI_DPO (input, preferred_output,
 * non_preferred_output); read it as DataFormat.OPENAI_DPO (field \"chosen\" is missing)"}.
 */
public final class DatasetFormatMismatchException extends DatasetLineException {
  private static final long serialVersionUID = 1L;
  private final DataFormat requested;
  private final DataFormat detected;

  /**
   * @param file the file (or stream name), or null when unknown
   * @param lineNumber the 1-based line number of the first record line
   * @param requested the format the reader was asked for
   * @param detected the format the line looks like (not {@code requested})
   * @param parseReason why the line was rejected as {@code requested}
   */
  public DatasetFormatMismatchException(
      @Nullable Path file, long lineNumber, DataFormat requested, DataFormat detected, String parseReason) {
    super(file, lineNumber, "no line matched the requested format " + requested + ": the line looks like " + detected
        + " (" + PreferenceCodec.signature(detected) + "); " + howToRead(detected) + " (" + parseReason + ")");
    this.requested = requested;
    this.detected = detected;
  }

  /** Which reader reads {@code format}. */
  static String howToRead(DataFormat format) {
    return format == DataFormat.TRL_UNPAIRED
        ? "read it with JsonlDatasetReader.unpaired"
        : "read it with JsonlDatasetReader.preferences(DataFormat." + format + ", ...)";
  }

  /** The format the reader was asked for. */
  public DataFormat requestedFormat() {
    return requested;
  }

  /** The format the line looks like. */
  public DataFormat detectedFormat() {
    return detected;
  }
}
