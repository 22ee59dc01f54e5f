package dev.align4j.feedback.store;

import dev.align4j.core.check.Require;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * Crash repair for append-only JSONL files: a record is a line ending in {@code '\n'}, written with one
 * {@code write} call, so after a crash only the last line can be incomplete. {@link #quarantineTornTail} moves the
 * bytes after the last newline into {@code <file>.quarantine-<epochMillis>} (fsynced) and truncates the file to the
 * last complete record (fsynced), so every complete record is kept and nothing is silently dropped.
 */
public final class JsonlFiles {
  private JsonlFiles() {}

  /**
   * Repairs {@code file} in place.
   *
   * @return the number of bytes quarantined and where (completeLines/unreadableLines are left 0 here)
   */
  public static RecoveryReport quarantineTornTail(Path file, Clock clock) {
    Require.nonNull("file", file);
    Require.nonNull("clock", clock);
    if (!Files.exists(file)) {
      return new RecoveryReport(0, 0, 0, null);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long lastNewline = -1;
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      long pos = size;
      outer:
      while (pos > 0) {
        int len = (int) Math.min(buf.capacity(), pos);
        pos -= len;
        buf.clear().limit(len);
        while (buf.hasRemaining()) {
          if (ch.read(buf, pos + buf.position()) < 0) {
            break;
          }
        }
        for (int i = len - 1; i >= 0; i--) {
          if (buf.get(i) == '\n') {
            lastNewline = pos + i;
            break outer;
          }
        }
      }
      long keep = lastNewline + 1;
      long torn = size - keep;
      if (torn == 0) {
        return new RecoveryReport(0, 0, 0, null);
      }
      ByteBuffer tail = ByteBuffer.allocate((int) Math.min(torn, Integer.MAX_VALUE - 8));
      while (tail.hasRemaining() && ch.read(tail, keep + tail.position()) > 0) {
        // read the torn bytes
      }
      tail.flip();
      Path q = file.resolveSibling(file.getFileName() + ".quarantine-" + clock.millis());
      try (FileChannel qc = FileChannel.open(q, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        while (tail.hasRemaining()) {
          qc.write(tail);
        }
        qc.force(true);
      }
      ch.truncate(keep);
      ch.force(true);
      return new RecoveryReport(0, 0, torn, q);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot repair " + file, e);
    }
  }
}
