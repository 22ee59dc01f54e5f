package dev.align4j.review;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The review desk's append-only answers journal with group commit: lines are written (to the page cache) in order by
 * {@link #append}, and {@link #awaitDurable} returns once a {@code FileChannel.force} that started after the line was
 * written has succeeded. Callers arriving while a force runs wait for it and share the next one, so N concurrent
 * answers cost about two syncs instead of N, and no answer is acknowledged before the sync that covers it.
 *
 * <p>A failed force refuses every line not yet durable: the file is truncated back to the last durable position (no
 * unacknowledged line stays behind), every waiter whose line was cut gets the error, and the journal goes on from
 * there. Each {@link Mark} carries the generation it was written in, so a waiter can tell that its line was cut.
 */
final class AnswersJournal implements Closeable {
  /** Forces the channel to disk; a hook for tests counting or failing syncs. */
  interface Sync {
    void force(FileChannel channel) throws IOException;
  }

  /** Where a line ends and the truncation generation it was written in. */
  record Mark(long end, long generation) {}

  private final Path file;
  private final FileChannel channel;
  private final Sync sync;
  private long written; // guarded by this
  private long durable; // guarded by this
  private long generation; // guarded by this
  private long syncs; // guarded by this
  private boolean syncing; // guarded by this

  AnswersJournal(Path file, Sync sync) {
    this.file = file;
    this.sync = sync;
    try {
      this.channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      this.written = channel.size();
      this.durable = written;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open answers journal " + file, e);
    }
  }

  /**
   * Writes one line (not yet forced). On an error nothing of the line stays in the file.
   *
   * @throws UncheckedIOException when the write fails
   */
  synchronized Mark append(byte[] line) {
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
      throw new UncheckedIOException("cannot write answers journal " + file, e);
    }
    written += line.length;
    return new Mark(written, generation);
  }

  /**
   * Returns once the line ending at {@code mark} is on disk: after a force that began after it was written.
   *
   * @throws UncheckedIOException when the force covering the line failed (the line is no longer in the file)
   */
  void awaitDurable(Mark mark) {
    long target;
    synchronized (this) {
      while (true) {
        if (mark.generation() != generation && mark.end() > durable) {
          throw new UncheckedIOException(
              "answers journal " + file + ": a sync failed, the answer was not kept",
              new IOException("sync failed before the answer was durable"));
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
              "interrupted waiting for the answers journal sync; the answer may or may not be kept",
              e);
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
      throw new UncheckedIOException("cannot sync answers journal " + file, failure);
    }
  }

  /** Number of forces run so far (successful or not). */
  synchronized long syncs() {
    return syncs;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close answers journal " + file, e);
    }
  }
}
