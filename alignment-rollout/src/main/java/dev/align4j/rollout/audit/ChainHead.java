package dev.align4j.rollout.audit;

import dev.align4j.core.check.Require;
import java.util.regex.Pattern;

/**
 * The head of an audit log's hash chain: how many records it holds and the hash of the last one
 * ({@link DecisionRecord#GENESIS} for an empty log). Every record's hash covers its predecessor's, so the head pins
 * the whole log: an application that stores the head somewhere else (a database row, a ticket, a signed message)
 * after each decision can later detect a log whose last records were deleted, which the chain alone cannot show
 * ({@link AuditLog#verify(java.nio.file.Path, ChainHead)}).
 *
 * @param records the number of records in the log, {@code >= 0}
 * @param hash the last record's SHA-256 hash, 64 lower-case hex digits ({@link DecisionRecord#GENESIS} when empty)
 */
public record ChainHead(long records, String hash) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** The head of an empty log. */
  public static final ChainHead EMPTY = new ChainHead(0, DecisionRecord.GENESIS);

  /** Validates: a non-negative count, a 64-digit lower-case hex hash, the genesis hash exactly when empty. */
  public ChainHead {
    Require.argument(records >= 0, "records must be >= 0, was %d", records);
    Require.nonNull("hash", hash);
    Require.argument(HEX64.matcher(hash).matches(), "hash must be 64 lower-case hex digits, was \"%s\"",
        Require.abbreviate(hash, 80));
    Require.argument((records == 0) == hash.equals(DecisionRecord.GENESIS),
        "hash must be the genesis hash exactly when records is 0, was records=%d, hash=%s", records, hash);
  }
}
