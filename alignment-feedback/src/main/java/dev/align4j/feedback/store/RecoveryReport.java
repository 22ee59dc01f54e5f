package dev.align4j.feedback.store;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What opening a JSONL file found and repaired.
 *
 * @param completeLines complete (newline-terminated) lines kept
 * @param unreadableLines complete lines that were not valid records (kept in place, skipped when reading)
 * @param quarantinedBytes bytes of a torn last line moved out of the file
 * @param quarantineFile where they went, or null when nothing was torn
 */
public record RecoveryReport(long completeLines, long unreadableLines, long quarantinedBytes,
    @Nullable Path quarantineFile) {

  /** Whether a torn tail was found and quarantined. */
  public boolean quarantined() {
    return quarantinedBytes > 0;
  }
}
