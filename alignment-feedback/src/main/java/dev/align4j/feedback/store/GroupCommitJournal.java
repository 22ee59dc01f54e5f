package dev.align4j.feedback.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.check.Require;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only JSONL journal with group commit (the review queue's task journal, the review server's answers and
 * hand-over journals):
 * lines are written (to the page cache) in order by {@link #append}, and {@link #awaitDurable} returns once a
 * {@code FileChannel.force} that started after the line was written has succeeded. Callers arriving while a force
 * runs wait for it and share the next one, so N concurrent answers cost about two syncs instead of N, and no answer
 * is acknowledged before the sync that covers it.
 *
 * <p>A failed force refuses every line not yet durable: the file is truncated back to the last durable position (no
 * unacknowledged line stays behind), every waiter whose line was cut gets the error, and the journal goes on from
 * there. Each {@link Mark} carries the generation it was written in, so a waiter can tell that its line was cut.
 *
 * <p>Reading back ({@link #replay}) is the same for every journal of the module: a torn last line (a crash in the
 * middle of a write) is moved to {@code <file>.quarantine-<epochMillis>} by {@link JsonlFiles}, as the feedback
 * store does, and a complete line that cannot be read is logged, counted and skipped. One process at a time; the
 * methods are thread-safe.
 */
public final class GroupCommitJournal implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitJournal.class);

  /** Receives one parsed line of a journal being replayed; a runtime exception marks the line unreadable. */
  @FunctionalInterface
  public interface LineHandler {
    /** One complete line, parsed. */
    void line(JsonNode line);
  }

  /** Forces the channel to disk; a hook for tests counting or failing syncs. */
  @FunctionalInterface
  public interface Sync {
    /** The default: {@code channel.force(false)} (data, not metadata). */
    Sync FORCE_DATA = channel -> channel.force(false);

    /** Forces {@code channel}. */
    void force(FileChannel channel) throws IOException;
  }

  /**
   * Where a line ends and the truncation generation it was written in.
   *
   * @param end the byte offset one past the line
   * @param generation how many failed forces had truncated the file when the line was written
   */
  public record Mark(long end, long generation) {}

  private final Path file;
  private final String name;
  private final FileChannel channel;
  private final Sync sync;
  private long written; // guarded by this
  private long durable; // guarded by this
  private long generation; // guarded by this
  private long syncs; // guarded by this
  private boolean syncing; // guarded by this

  private GroupCommitJournal(Path file, String name, Sync sync) {
    this.file = file;
    this.name = name;
    this.sync = sync;
    try {
      this.channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      this.written = channel.size();
      this.durable = written;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + name + " " + file, e);
    }
  }

  /**
   * Opens {@code file} for appending (creating it and its folder); replay it first with {@link #replay}.
   *
   * @param name what the journal is, for messages ({@code "answers journal"})
   * @param sync how a force is done ({@link Sync#FORCE_DATA})
   * @throws UncheckedIOException when the file cannot be opened
   */
  public static GroupCommitJournal open(Path file, String name, Sync sync) {
    Require.nonNull("file", file);
    Require.nonBlank("name", name);
    Require.nonNull("sync", sync);
    Path parent = file.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder of " + name + " " + file, e);
    }
    return new GroupCommitJournal(file, name, sync);
  }

  /** The mark of everything written so far: {@link #awaitDurable} on it waits until all of it is on disk. */
  public synchronized Mark mark() {
    return new Mark(written, generation);
  }

  /**
   * Writes one line (not yet forced). On an error nothing of the line stays in the file.
   *
   * @throws UncheckedIOException when the write fails
   */
  public synchronized Mark append(byte[] line) {
    ByteBuffer b = ByteBuffer.wrap(line);
    try {
      try {
        while (b.hasRemaining()) {
          channel.write(b);
        }
      } catch (IOException e) {
        try {
          channel.truncate(written);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + " " + file, e);
    }
    written += line.length;
    return new Mark(written, generation);
  }

  /**
   * Returns once the line ending at {@code mark} is on disk: after a force that began after it was written.
   *
   * @throws UncheckedIOException when the force covering the line failed (the line is no longer in the file)
   */
  public void awaitDurable(Mark mark) {
    long target;
    synchronized (this) {
      while (true) {
        if (mark.generation() != generation && mark.end() > durable) {
          throw new UncheckedIOException(
              name + " " + file + ": a sync failed, the line was not kept",
              new IOException("sync failed before the line was durable"));
        }
        if (durable >= mark.end()) {
          return;
        }
        if (!syncing) {
          syncing = true;
          target = written; // every line written so far is covered by the force below
          break;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(
              "interrupted waiting for the " + name + " sync; the line may or may not be kept", e);
        }
      }
    }
    IOException failure = null;
    try {
      sync.force(channel);
    } catch (IOException e) {
      failure = e;
    }
    synchronized (this) {
      syncing = false;
      syncs++;
      if (failure == null) {
        durable = Math.max(durable, target);
      } else {
        generation++;
        try {
          channel.truncate(durable); // no line that was not acknowledged stays behind
          written = durable;
        } catch (IOException suppressed) {
          failure.addSuppressed(suppressed);
        }
      }
      notifyAll();
    }
    if (failure != null) {
      throw new UncheckedIOException("cannot sync " + name + " " + file, failure);
    }
  }

  /**
   * Reads a journal back: quarantines a torn last line, then hands every complete line, parsed, to {@code handler};
   * a line that does not parse or that the handler refuses (a runtime exception) is logged at WARN and skipped.
   *
   * @return the lines read and skipped, and what was quarantined
   * @throws UncheckedIOException when the file cannot be repaired or read
   */
  public static RecoveryReport replay(Path file, String name, Clock clock, LineHandler handler) {
    RecoveryReport torn = JsonlFiles.quarantineTornTail(file, clock);
    if (torn.quarantined()) {
      LOG.warn(
          "{} {}: moved a torn last line ({} bytes) to {}",
          name,
          file,
          torn.quarantinedBytes(),
          torn.quarantineFile());
    }
    if (!Files.exists(file)) {
      return torn;
    }
    long complete = 0;
    long unreadable = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        complete++;
        try {
          handler.line(FeedbackJson.parse(line));
        } catch (RuntimeException e) {
          unreadable++;
          LOG.warn("{} {}: line {} skipped: {}", name, file, complete, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " " + file, e);
    }
    return new RecoveryReport(complete, unreadable, torn.quarantinedBytes(), torn.quarantineFile());
  }

  /** Number of forces run so far (successful or not). */
  public synchronized long syncs() {
    return syncs;
  }

  /** Closes the file (without a force: {@link #awaitDurable} what must be durable first). */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + name + " " + file, e);
    }
  }
}
