package dev.align4j.core.data;

import dev.align4j.core.check.Require;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * How a JSONL dataset is read.
 *
 * <ul>
 *   <li>{@code mode} (default {@link Mode#STRICT}): in strict mode the first bad line throws a
 *       {@link DatasetLineException}; in lenient mode bad lines are set aside (counted in the {@link ReadSummary},
 *       and written with their line number, reason and original text to {@code rejectsFile} when given) and every
 *       valid record is delivered.
 *   <li>{@code maxLineBytes} (default 16 MiB): a longer line is rejected without being held in memory.
 *   <li>{@code maxRejectsKept} (default 100): how many rejects the summary lists (all are counted and written).
 * </ul>
 *
 * @param mode strict (stop at the first bad line) or lenient (collect bad lines and go on)
 * @param maxLineBytes the longest accepted line, in bytes of UTF-8
 * @param rejectsFile where to write rejects in lenient mode, or null
 * @param maxRejectsKept how many rejects the summary keeps
 */
public record ReadOptions(Mode mode, int maxLineBytes, @Nullable Path rejectsFile, int maxRejectsKept) {
  /** What to do with a bad line. */
  public enum Mode {
    /** Throw a {@link DatasetLineException} at the first bad line. */
    STRICT,
    /** Set bad lines aside, count them, and deliver every valid record. */
    LENIENT
  }

  /** 16 MiB. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 << 20;

  /** Validates the limits. */
  public ReadOptions {
    Require.nonNull("mode", mode);
    Require.positive("maxLineBytes", maxLineBytes);
    Require.nonNegative("maxRejectsKept", maxRejectsKept);
    Require.argument(rejectsFile == null || mode == Mode.LENIENT, "rejectsFile is only used in lenient mode");
  }

  /** Strict: stop at the first bad line. */
  public static ReadOptions strict() {
    return new ReadOptions(Mode.STRICT, DEFAULT_MAX_LINE_BYTES, null, 100);
  }

  /** Lenient: keep going, count rejects, keep the first 100 in the summary. */
  public static ReadOptions lenient() {
    return new ReadOptions(Mode.LENIENT, DEFAULT_MAX_LINE_BYTES, null, 100);
  }

  /** Lenient, writing every reject to {@code rejectsFile}. */
  public static ReadOptions lenient(Path rejectsFile) {
    return new ReadOptions(Mode.LENIENT, DEFAULT_MAX_LINE_BYTES, rejectsFile, 100);
  }

  /** Whether bad lines are collected rather than thrown. */
  public boolean isLenient() {
    return mode == Mode.LENIENT;
  }

  /** A copy with another line-size limit. */
  public ReadOptions withMaxLineBytes(int bytes) {
    return new ReadOptions(mode, bytes, rejectsFile, maxRejectsKept);
  }
}
