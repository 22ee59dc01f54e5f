package dev.align4j.feedback.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The in-memory index of a {@link FeedbackStore}: request id to the byte offset of its record's line in the file, so
 * that {@code contains} and {@code find} cost O(1) whatever the size of the file.
 *
 * <p>An open-addressing hash table with linear probing over two parallel arrays: the id's UTF-8 bytes (one
 * {@code byte[]} per record) and the offset (a {@code long}). The table doubles when it is three quarters full, so a
 * record costs 12 bytes per slot at a load between 3/8 and 3/4 (16 to 32 bytes) plus its id array (16 bytes of header
 * and the id's UTF-8 length, rounded up to 8): about 60 bytes for a 10-character id, 10^6 records in about 60 MB.
 * Not thread-safe: the store guards it with its lock.
 */
final class RecordIndex {
  /** Returned by {@link #offset} for an id that is not indexed. */
  static final long ABSENT = -1;

  private static final int MAX_CAPACITY = 1 << 30;

  private byte[][] ids;
  private long[] offsets;
  private int size;

  RecordIndex() {
    ids = new byte[16][];
    offsets = new long[16];
  }

  /** Number of indexed ids. */
  int size() {
    return size;
  }

  /** Whether {@code id} is indexed. */
  boolean contains(String id) {
    return offset(id) != ABSENT;
  }

  /** The offset of the record of {@code id}, or {@link #ABSENT}. */
  long offset(String id) {
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    int mask = ids.length - 1;
    for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
      byte[] k = ids[i];
      if (k == null) {
        return ABSENT;
      }
      if (Arrays.equals(k, key)) {
        return offsets[i];
      }
    }
  }

  /**
   * Indexes {@code id} at {@code offset} unless it is already indexed (the first record of an id is the one that
   * counts).
   *
   * @return whether it was added
   */
  boolean putIfAbsent(String id, long offset) {
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    int mask = ids.length - 1;
    int i = hash(key) & mask;
    for (byte[] k = ids[i]; k != null; k = ids[i]) {
      if (Arrays.equals(k, key)) {
        return false;
      }
      i = (i + 1) & mask;
    }
    if (size + 1 > ids.length / 4 * 3) {
      grow();
      return putIfAbsent(id, offset);
    }
    ids[i] = key;
    offsets[i] = offset;
    size++;
    return true;
  }

  private void grow() {
    if (ids.length >= MAX_CAPACITY) {
      throw new IllegalStateException("store index must hold at most " + (MAX_CAPACITY / 4 * 3)
          + " records, but it holds " + size);
    }
    byte[][] oldIds = ids;
    long[] oldOffsets = offsets;
    ids = new byte[oldIds.length * 2][];
    offsets = new long[oldIds.length * 2];
    int mask = ids.length - 1;
    for (int j = 0; j < oldIds.length; j++) {
      byte[] k = oldIds[j];
      if (k != null) {
        int i = hash(k) & mask;
        while (ids[i] != null) {
          i = (i + 1) & mask;
        }
        ids[i] = k;
        offsets[i] = oldOffsets[j];
      }
    }
  }

  /** {@link Arrays#hashCode(byte[])} spread by the 32-bit MurmurHash3 finaliser, so that low bits vary. */
  private static int hash(byte[] key) {
    int h = Arrays.hashCode(key);
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }
}
