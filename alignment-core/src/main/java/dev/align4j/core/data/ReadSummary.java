package dev.align4j.core.data;

import dev.align4j.core.check.Require;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a read of a JSONL dataset found.
 *
 * <p>A lenient read of a non-empty input in which no line matched the requested format (for example an OpenAI DPO
 * file read as TRL preferences) is flagged: {@link #noLineMatched()} is true, {@link #detectedFormat()} names the
 * format most rejected lines have the fields of, and the reader logs it at ERROR.
 *
 * @param format the format that was requested
 * @param lines lines seen (including blank ones)
 * @param records valid records delivered
 * @param blankLines whitespace-only lines skipped (not errors)
 * @param rejected lines rejected (lenient mode; strict mode stops at the first)
 * @param firstRejects the first rejects (at most {@link ReadOptions#maxRejectsKept()}), in line order
 * @param rejectsFile where every reject was written with its line number and original text, or null
 * @param detectedFormat the format that most rejected lines have the fields of, when it is another format than
 *     {@code format}; empty when no line was rejected or the rejected lines have the fields of no known format
 */
public record ReadSummary(
    DataFormat format,
    long lines,
    long records,
    long blankLines,
    long rejected,
    List<Reject> firstRejects,
    @Nullable String rejectsFile,
    Optional<DataFormat> detectedFormat) {
  /** Copies the list and validates. */
  public ReadSummary {
    Require.nonNull("format", format);
    firstRejects = List.copyOf(firstRejects);
    Require.nonNull("detectedFormat", detectedFormat);
    Require.argument(detectedFormat.isEmpty() || detectedFormat.get() != format,
        "detectedFormat must differ from the requested format %s", format);
  }

  /**
   * Whether the input held record lines but none of them matched the requested format: {@code records() == 0} and
   * {@code rejected() > 0}. A lenient read that returns this is almost always a read with the wrong format; see
   * {@link #detectedFormat()}.
   */
  public boolean noLineMatched() {
    return records == 0 && rejected > 0;
  }
}
