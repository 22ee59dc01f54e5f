package dev.align4j.feedback.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, append-only JSONL store of labels, one record per line:
 * {@code {"id": <request id>, "stored_at": <ISO-8601>, "feedback": <FeedbackJson>}}.
 *
 * <ul>
 *   <li><b>Durable:</b> {@link #append} returns only after the record is forced to disk under the {@link FsyncPolicy}
 *       (group commit by default: concurrent writers share one {@code fsync}).
 *   <li><b>Idempotent:</b> a second append with a request id already in the store is ignored and returns false.
 *   <li><b>Concurrent writers:</b> any number of threads may append; each record is one {@code write} of one whole
 *       line under a lock, so lines never interleave.
 *   <li><b>One process:</b> opening takes an exclusive OS file lock (released by the OS if this process dies)
 *       <em>before</em> it reads or repairs anything, so an open refused because another process or another store in
 *       this JVM has the file leaves it byte-for-byte unchanged. Every read and write goes through the one handle
 *       that holds the lock (closing any other handle would release a POSIX lock), and no call is interruptible (a
 *       thread interrupted in a {@code FileChannel} call closes the channel and drops the lock).
 *   <li><b>Crash-safe:</b> on opening, a torn last line (a crash in the middle of a write) is moved to a quarantine
 *       file and every complete record is kept ({@link JsonlFiles}); see {@link #recovery()}.
 *   <li><b>Indexed:</b> an in-memory index of request id to byte offset, built when the store opens and extended as
 *       it appends, makes {@link #contains} O(1) and {@link #find} one read of one line, whatever the file's size
 *       (about 60 bytes of heap per record for 10-character ids; see {@code RecordIndex}).
 * </ul>
 */
public final class FeedbackStore implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedbackStore.class);

  private final Path file;
  private final FsyncPolicy policy;
  private final Clock clock;
  private final LockedFile data;
  private final RecoveryReport recovery;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock syncLock = new ReentrantLock();
  private final Condition synced = syncLock.newCondition();
  /** Request id to the offset of its first readable record; guarded by writeLock. */
  private final RecordIndex index;
  /** End of the last whole record written; guarded by writeLock. */
  private long written;
  private long durable;
  private boolean syncing;
  private boolean closed;

  private FeedbackStore(Path file, FsyncPolicy policy, Clock clock, LockedFile data, RecoveryReport recovery,
      RecordIndex index, long written) {
    this.file = file;
    this.policy = policy;
    this.clock = clock;
    this.data = data;
    this.recovery = recovery;
    this.index = index;
    this.written = written;
    this.durable = written;
  }

  private static FeedbackStore openLocked(Path file, FsyncPolicy policy, Clock clock) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    LockedFile data = LockedFile.open(file, "store");
    try {
      RecoveryReport torn = JsonlFiles.quarantineTornTail(data, file, clock);
      if (torn.quarantined()) {
        LOG.warn("store {}: moved a torn last line ({} bytes) to {}", file, torn.quarantinedBytes(),
            torn.quarantineFile());
      }
      long end = data.size();
      RecordIndex index = new RecordIndex();
      long[] counts = new long[2];
      JsonlFiles.forEachLine(data, 0, end, (offset, buf, start, length) -> {
        counts[0]++;
        try {
          StoredFeedback s = decode(buf, start, length);
          index.putIfAbsent(s.requestId(), offset);
        } catch (RuntimeException | CharacterCodingException e) {
          counts[1]++;
          LOG.warn("store {}: line {} (byte {}) is not a record and is skipped: {}", file, counts[0], offset,
              e.getMessage());
        }
      });
      RecoveryReport recovery = new RecoveryReport(counts[0], counts[1], torn.quarantinedBytes(),
          torn.quarantineFile());
      return new FeedbackStore(file, policy, clock, data, recovery, index, end);
    } catch (IOException | RuntimeException e) {
      try {
        data.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Opens (creating if needed) with group commit and the UTC clock. */
  public static FeedbackStore open(Path file) {
    return open(file, FsyncPolicy.GROUP_COMMIT, Clock.systemUTC());
  }

  /**
   * Opens (creating if needed): takes the file's exclusive lock, then repairs a torn tail and indexes the records.
   *
   * @throws IllegalStateException when another process or store instance has the file open (the file is then left
   *     unchanged)
   */
  public static FeedbackStore open(Path file, FsyncPolicy policy, Clock clock) {
    Require.nonNull("file", file);
    Require.nonNull("policy", policy);
    Require.nonNull("clock", clock);
    try {
      return openLocked(file, policy, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open store " + file, e);
    }
  }

  /** What opening found and repaired. */
  public RecoveryReport recovery() {
    return recovery;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /**
   * Appends one label; returns after it is durable (per the policy).
   *
   * @return false when {@code requestId} was already stored (nothing written)
   */
  public boolean append(String requestId, Feedback feedback) {
    return appendAll(List.of(Map.entry(requestId, feedback))) == 1;
  }

  /**
   * Appends several labels with one write and one {@code fsync}; returns after all are durable. Entries whose id is
   * already stored, or repeated within the call, are skipped.
   *
   * @return how many were written
   */
  public int appendAll(List<? extends Map.Entry<String, ? extends Feedback>> entries) {
    Require.nonNull("entries", entries);
    Instant now = clock.instant();
    List<byte[]> lines = new ArrayList<>(entries.size());
    List<String> lineIds = new ArrayList<>(entries.size());
    for (Map.Entry<String, ? extends Feedback> e : entries) {
      String id = Require.nonBlank("requestId", e.getKey());
      ObjectNode o = FeedbackJson.mapper().createObjectNode();
      o.put("id", id);
      o.put("stored_at", now.toString());
      o.set("feedback", FeedbackJson.toJson(Require.nonNull("feedback", e.getValue())));
      lines.add((FeedbackJson.line(o) + "\n").getBytes(StandardCharsets.UTF_8));
      lineIds.add(id);
    }
    long end;
    int count;
    writeLock.lock();
    try {
      ensureOpen();
      Set<String> batch = new HashSet<>();
      List<String> newIds = new ArrayList<>(entries.size());
      List<Long> newOffsets = new ArrayList<>(entries.size());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (int i = 0; i < lines.size(); i++) {
        String id = lineIds.get(i);
        if (!index.contains(id) && batch.add(id)) {
          newIds.add(id);
          newOffsets.add(written + bytes.size());
          bytes.write(lines.get(i), 0, lines.get(i).length);
        }
      }
      if (newIds.isEmpty()) {
        return 0;
      }
      byte[] buf = bytes.toByteArray();
      try {
        data.write(written, buf, 0, buf.length);
      } catch (IOException e) {
        // a partial write must not stay behind as a torn line in the middle of the file
        try {
          data.truncate(written);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      for (int i = 0; i < newIds.size(); i++) {
        index.putIfAbsent(newIds.get(i), newOffsets.get(i));
      }
      written += buf.length;
      end = written;
      count = newIds.size();
      if (policy == FsyncPolicy.EVERY_RECORD) {
        data.sync();
        durable = end;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to store " + file, e);
    } finally {
      writeLock.unlock();
    }
    if (policy == FsyncPolicy.GROUP_COMMIT) {
      awaitDurable(end);
    }
    return count;
  }

  private void awaitDurable(long position) {
    syncLock.lock();
    try {
      while (durable < position) {
        if (syncing) {
          synced.awaitUninterruptibly();
          continue;
        }
        syncing = true;
        long target;
        syncLock.unlock();
        try {
          writeLock.lock();
          try {
            target = written;
          } finally {
            writeLock.unlock();
          }
          data.sync();
        } catch (IOException e) {
          syncLock.lock();
          syncing = false;
          synced.signalAll();
          throw new UncheckedIOException("cannot fsync store " + file, e);
        }
        syncLock.lock();
        syncing = false;
        durable = Math.max(durable, target);
        synced.signalAll();
      }
    } finally {
      syncLock.unlock();
    }
  }

  /** Whether a label for {@code requestId} is stored (from the in-memory index: no I/O). */
  public boolean contains(String requestId) {
    writeLock.lock();
    try {
      return index.contains(requestId);
    } finally {
      writeLock.unlock();
    }
  }

  /** Number of records (distinct request ids). */
  public int size() {
    writeLock.lock();
    try {
      return index.size();
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Every readable record, in append order, read through the locked handle 64 KiB at a time (appends may proceed
   * between reads; records appended after the call started are not included).
   *
   * @throws IllegalStateException when the store is closed
   */
  public List<StoredFeedback> readAll() {
    long end;
    writeLock.lock();
    try {
      ensureOpen();
      end = written;
    } finally {
      writeLock.unlock();
    }
    List<StoredFeedback> out = new ArrayList<>();
    try {
      JsonlFiles.forEachLine(data, 0, end, (offset, buf, start, length) -> {
        try {
          out.add(decode(buf, start, length));
        } catch (RuntimeException | CharacterCodingException e) {
          // an unreadable line, counted and logged when the store opened
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read store " + file, e);
    }
    return out;
  }

  /**
   * The stored label for {@code requestId}: one index lookup and one read of its line through the locked handle.
   *
   * @throws IllegalStateException when the store is closed, or when the line at the indexed offset is not the record
   *     of {@code requestId} (the file was changed behind the store's back)
   * @throws UncheckedIOException when the line cannot be read
   */
  public Optional<Feedback> find(String requestId) {
    long offset;
    long end;
    writeLock.lock();
    try {
      ensureOpen();
      offset = index.offset(requestId);
      end = written;
    } finally {
      writeLock.unlock();
    }
    if (offset == RecordIndex.ABSENT) {
      return Optional.empty();
    }
    byte[] line;
    try {
      line = JsonlFiles.lineAt(data, offset, end);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the record of " + requestId + " at byte " + offset + " of store "
          + file, e);
    }
    StoredFeedback s;
    try {
      s = decode(line, 0, line.length);
    } catch (RuntimeException | CharacterCodingException e) {
      throw new IllegalStateException("store " + file + " must hold the record of " + requestId + " at byte "
          + offset + ", but the line there is not a record (was the file changed behind the store's back?)", e);
    }
    if (!s.requestId().equals(requestId)) {
      throw new IllegalStateException("store " + file + " must hold the record of " + requestId + " at byte "
          + offset + ", but the line there is the record of " + s.requestId()
          + " (was the file changed behind the store's back?)");
    }
    return Optional.of(s.feedback());
  }

  /** Decodes one line (strict UTF-8). */
  private static StoredFeedback decode(byte[] buf, int start, int length) throws CharacterCodingException {
    String line = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(buf, start, length)).toString();
    JsonNode n = FeedbackJson.parse(line);
    JsonNode id = n.get("id");
    JsonNode storedAt = n.get("stored_at");
    if (id == null || !id.isTextual() || storedAt == null || !storedAt.isTextual()) {
      throw new IllegalArgumentException("record must have a text \"id\" and \"stored_at\", but has "
          + (id == null ? "no id" : "id " + id.getNodeType()) + " and "
          + (storedAt == null ? "no stored_at" : "stored_at " + storedAt.getNodeType()));
    }
    return new StoredFeedback(id.asText(), Instant.parse(storedAt.asText()), FeedbackJson.fromJson(n.get("feedback")));
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("store " + file + " must be open, but it is closed");
    }
  }

  /** Forces outstanding data, releases the lock and closes. */
  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (policy != FsyncPolicy.NONE) {
          data.sync();
        }
      } finally {
        data.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close store " + file, e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "FeedbackStore[" + file + ", policy=" + policy + "]";
  }
}
