package dev.align4j.core.data;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a read of a JSONL dataset found.
 *
 * @param lines lines seen (including blank ones)
 * @param records valid records delivered
 * @param blankLines whitespace-only lines skipped (not errors)
 * @param rejected lines rejected (lenient mode; strict mode stops at the first)
 * @param firstRejects the first rejects (at most {@link ReadOptions#maxRejectsKept()}), in line order
 * @param rejectsFile where every reject was written with its line number and original text, or null
 */
public record ReadSummary(
    long lines, long records, long blankLines, long rejected, List<Reject> firstRejects, @Nullable String rejectsFile) {
  /** Copies the list. */
  public ReadSummary {
    firstRejects = List.copyOf(firstRejects);
  }
}
