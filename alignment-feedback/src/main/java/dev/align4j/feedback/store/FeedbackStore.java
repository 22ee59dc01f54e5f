package dev.align4j.feedback.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import org.jspecify.annotations.Nullable;
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
 *       line under a lock, so lines never interleave. Another process opening the same file is refused (an exclusive
 *       OS file lock, released by the OS if this process dies).
 *   <li><b>Crash-safe:</b> on opening, a torn last line (a crash in the middle of a write) is moved to a quarantine
 *       file and every complete record is kept ({@link JsonlFiles}); see {@link #recovery()}.
 * </ul>
 */
public final class FeedbackStore implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedbackStore.class);

  private final Path file;
  private final FsyncPolicy policy;
  private final Clock clock;
  private final FileChannel channel;
  private final FileLock fileLock;
  private final RecoveryReport recovery;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock syncLock = new ReentrantLock();
  private final Condition synced = syncLock.newCondition();
  private final Set<String> ids = new HashSet<>();
  private long written;
  private long durable;
  private boolean syncing;
  private boolean closed;

  private FeedbackStore(Path file, FsyncPolicy policy, Clock clock) throws IOException {
    this.file = file;
    this.policy = policy;
    this.clock = clock;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    RecoveryReport torn = JsonlFiles.quarantineTornTail(file, clock);
    if (torn.quarantined()) {
      LOG.warn("store {}: moved a torn last line ({} bytes) to {}", file, torn.quarantinedBytes(), torn.quarantineFile());
    }
    long complete = 0;
    long unreadable = 0;
    if (Files.exists(file)) {
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        long lineNo = 0;
        while ((line = r.readLine()) != null) {
          lineNo++;
          complete++;
          try {
            JsonNode n = FeedbackJson.parse(line);
            ids.add(n.get("id").asText());
          } catch (RuntimeException e) {
            unreadable++;
            LOG.warn("store {}: line {} is not a record and is skipped: {}", file, lineNo, e.getMessage());
          }
        }
      }
    }
    this.recovery = new RecoveryReport(complete, unreadable, torn.quarantinedBytes(), torn.quarantineFile());
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("store " + file + " must not be open elsewhere, but it is locked");
    }
    this.fileLock = lock;
    this.written = channel.size();
    this.durable = written;
  }

  /** Opens (creating if needed) with group commit and the UTC clock. */
  public static FeedbackStore open(Path file) {
    return open(file, FsyncPolicy.GROUP_COMMIT, Clock.systemUTC());
  }

  /**
   * Opens (creating if needed), repairing a torn tail.
   *
   * @throws IllegalStateException when another process or store instance has the file open
   */
  public static FeedbackStore open(Path file, FsyncPolicy policy, Clock clock) {
    Require.nonNull("file", file);
    Require.nonNull("policy", policy);
    Require.nonNull("clock", clock);
    try {
      return new FeedbackStore(file, policy, clock);
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
    StringBuilder sb = new StringBuilder();
    List<String> newIds = new ArrayList<>(entries.size());
    Instant now = clock.instant();
    List<String> lines = new ArrayList<>(entries.size());
    List<String> lineIds = new ArrayList<>(entries.size());
    for (Map.Entry<String, ? extends Feedback> e : entries) {
      String id = Require.nonBlank("requestId", e.getKey());
      ObjectNode o = FeedbackJson.mapper().createObjectNode();
      o.put("id", id);
      o.put("stored_at", now.toString());
      o.set("feedback", FeedbackJson.toJson(Require.nonNull("feedback", e.getValue())));
      lines.add(FeedbackJson.line(o));
      lineIds.add(id);
    }
    long end;
    writeLock.lock();
    try {
      ensureOpen();
      Set<String> batch = new HashSet<>();
      for (int i = 0; i < lines.size(); i++) {
        String id = lineIds.get(i);
        if (!ids.contains(id) && batch.add(id)) {
          sb.append(lines.get(i)).append('\n');
          newIds.add(id);
        }
      }
      if (newIds.isEmpty()) {
        return 0;
      }
      ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      ids.addAll(newIds);
      written += buf.capacity();
      end = written;
      if (policy == FsyncPolicy.EVERY_RECORD) {
        channel.force(false);
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
    return newIds.size();
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
          channel.force(false);
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

  /** Whether a label for {@code requestId} is stored. */
  public boolean contains(String requestId) {
    writeLock.lock();
    try {
      return ids.contains(requestId);
    } finally {
      writeLock.unlock();
    }
  }

  /** Number of records. */
  public int size() {
    writeLock.lock();
    try {
      return ids.size();
    } finally {
      writeLock.unlock();
    }
  }

  /** Every readable record, in append order. */
  public List<StoredFeedback> readAll() {
    List<StoredFeedback> out = new ArrayList<>();
    writeLock.lock();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        StoredFeedback s = decode(line);
        if (s != null) {
          out.add(s);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read store " + file, e);
    } finally {
      writeLock.unlock();
    }
    return out;
  }

  /** The stored label for {@code requestId} (a scan of the file). */
  public Optional<Feedback> find(String requestId) {
    if (!contains(requestId)) {
      return Optional.empty();
    }
    return readAll().stream().filter(s -> s.requestId().equals(requestId)).map(StoredFeedback::feedback).findFirst();
  }

  private static @Nullable StoredFeedback decode(String line) {
    try {
      JsonNode n = FeedbackJson.parse(line);
      return new StoredFeedback(n.get("id").asText(), Instant.parse(n.get("stored_at").asText()),
          FeedbackJson.fromJson(n.get("feedback")));
    } catch (RuntimeException e) {
      return null;
    }
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
      if (policy != FsyncPolicy.NONE) {
        channel.force(false);
      }
      fileLock.release();
      channel.close();
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
