package dev.align4j.feedback.store;

import dev.align4j.core.check.Require;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/**
 * Crash repair for append-only JSONL files: a record is a line ending in {@code '\n'}, written with one
 * {@code write} call, so after a crash only the last line can be incomplete. {@link #quarantineTornTail} moves the
 * bytes after the last newline into {@code <file>.quarantine-<epochMillis>} (fsynced) and truncates the file to the
 * last complete record (fsynced), so every complete record is kept and nothing is silently dropped.
 *
 * <p>Repair happens only under the file's exclusive lock: bytes after the last newline may be a record that the
 * process holding the lock is writing at this moment, not a torn one, so a file locked by someone else is refused
 * and left byte-for-byte unchanged.
 */
public final class JsonlFiles {
  private static final int CHUNK = 64 * 1024;

  private JsonlFiles() {}

  /** Receives the complete lines of a file, without their {@code '\n'}. */
  @FunctionalInterface
  interface LineSink {
    /**
     * One line.
     *
     * @param offset the byte offset of its first byte in the file
     * @param buf holds the line in {@code [start, start + length)}; valid only during the call
     */
    void line(long offset, byte[] buf, int start, int length) throws IOException;
  }

  /**
   * Repairs {@code file} in place, holding its exclusive lock while it does.
   *
   * @return the number of bytes quarantined and where (completeLines/unreadableLines are left 0 here)
   * @throws IllegalStateException when another process (or another holder in this JVM) has the file locked; the file
   *     is then left unchanged
   */
  public static RecoveryReport quarantineTornTail(Path file, Clock clock) {
    Require.nonNull("file", file);
    Require.nonNull("clock", clock);
    if (!Files.exists(file)) {
      return new RecoveryReport(0, 0, 0, null);
    }
    try (LockedFile f = LockedFile.open(file, "file")) {
      return quarantineTornTail(f, file, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot repair " + file, e);
    }
  }

  /** Repairs a file whose lock the caller holds; see {@link #quarantineTornTail(Path, Clock)}. */
  static RecoveryReport quarantineTornTail(LockedFile f, Path file, Clock clock) throws IOException {
    long size = f.size();
    long keep = lastLineEnd(f, size);
    long torn = size - keep;
    if (torn == 0) {
      return new RecoveryReport(0, 0, 0, null);
    }
    Path q = file.resolveSibling(file.getFileName() + ".quarantine-" + clock.millis());
    // FileOutputStream, like LockedFile, ignores thread interrupts
    try (FileOutputStream out = new FileOutputStream(q.toFile(), true)) {
      byte[] buf = new byte[CHUNK];
      for (long pos = keep; pos < size; ) {
        int n = f.read(pos, buf, 0, (int) Math.min(buf.length, size - pos));
        if (n < 0) {
          throw new IOException(file + " shrank from " + size + " to " + pos + " bytes while it was repaired");
        }
        out.write(buf, 0, n);
        pos += n;
      }
      out.getFD().sync();
    }
    f.truncate(keep);
    f.sync();
    return new RecoveryReport(0, 0, torn, q);
  }

  /** The size of the file's complete lines: one past its last {@code '\n'}, or 0 when it has none. */
  private static long lastLineEnd(LockedFile f, long size) throws IOException {
    byte[] buf = new byte[CHUNK];
    for (long end = size; end > 0; ) {
      int len = (int) Math.min(buf.length, end);
      long pos = end - len;
      readFully(f, pos, buf, len);
      for (int i = len - 1; i >= 0; i--) {
        if (buf[i] == '\n') {
          return pos + i + 1;
        }
      }
      end = pos;
    }
    return 0;
  }

  /**
   * Streams the complete lines of {@code [from, to)} to {@code sink}, {@code from} being the start of a line; bytes
   * after the last {@code '\n'} before {@code to} are not a line and are not passed. Reads 64 KiB at a time, each read
   * on its own, so that writers can append between reads.
   */
  static void forEachLine(LockedFile f, long from, long to, LineSink sink) throws IOException {
    byte[] buf = new byte[CHUNK];
    int filled = 0;
    long bufStart = from;
    while (bufStart + filled < to) {
      if (filled == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int want = (int) Math.min(buf.length - filled, to - bufStart - filled);
      int scanFrom = filled;
      readFully(f, bufStart + filled, buf, filled, want);
      filled += want;
      int lineStart = 0;
      for (int i = scanFrom; i < filled; i++) {
        if (buf[i] == '\n') {
          sink.line(bufStart + lineStart, buf, lineStart, i - lineStart);
          lineStart = i + 1;
        }
      }
      // keep the incomplete last line at the start of the buffer
      System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
      filled -= lineStart;
      bufStart += lineStart;
    }
  }

  /**
   * The line that starts at {@code offset}, without its {@code '\n'}, reading no further than {@code limit}.
   *
   * @throws IOException when no {@code '\n'} ends it before {@code limit}
   */
  static byte[] lineAt(LockedFile f, long offset, long limit) throws IOException {
    byte[] buf = new byte[(int) Math.min(8 * 1024, Math.max(1, limit - offset))];
    int filled = 0;
    while (offset + filled < limit) {
      if (filled == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int want = (int) Math.min(buf.length - filled, limit - offset - filled);
      int scanFrom = filled;
      readFully(f, offset + filled, buf, filled, want);
      filled += want;
      for (int i = scanFrom; i < filled; i++) {
        if (buf[i] == '\n') {
          return Arrays.copyOf(buf, i);
        }
      }
    }
    throw new IOException(f.file() + " has no complete line at byte " + offset + " (it ends at " + limit + ")");
  }

  private static void readFully(LockedFile f, long pos, byte[] buf, int len) throws IOException {
    readFully(f, pos, buf, 0, len);
  }

  private static void readFully(LockedFile f, long pos, byte[] buf, int off, int len) throws IOException {
    for (int done = 0; done < len; ) {
      int n = f.read(pos + done, buf, off + done, len - done);
      if (n < 0) {
        throw new IOException(f.file() + " ended at byte " + (pos + done) + ", expected " + (pos + len));
      }
      done += n;
    }
  }
}
