package dev.align4j.feedback.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A file held under an exclusive OS lock for as long as it is open, with every read and write going through the one
 * handle that holds the lock.
 *
 * <p>Why one handle: POSIX record locks ({@code fcntl}, what the JDK uses on Linux and macOS) belong to the process,
 * and closing <em>any</em> descriptor of the file releases them, so a second handle opened and closed for reading
 * would silently hand the file to another process. For the same reason a second open in this JVM is refused from
 * an in-memory registry before any descriptor is opened: opening one and closing it after the lock attempt fails
 * would release the first holder's lock.
 *
 * <p>Why {@link RandomAccessFile} and not a {@code FileChannel}: a channel is closed (and its lock released) when a
 * thread blocked in, or entering, one of its I/O calls is interrupted; {@code RandomAccessFile} I/O ignores
 * interrupts. Reads and writes share the file pointer, so they are serialised on this object; {@link #sync} is not.
 */
final class LockedFile implements Closeable {
  /**
   * The open files of this JVM by file key (device and inode on Unix); guarded by itself. Holding them here also keeps
   * an unclosed file from being closed by the garbage collector, which would drop the OS lock while this registry
   * still refuses the file: a file stays locked until {@link #close}.
   */
  private static final Map<Object, LockedFile> HELD = new HashMap<>();

  private final Path file;
  private final RandomAccessFile data;
  private final FileLock lock;
  private final Object key;
  private boolean closed;

  private LockedFile(Path file, RandomAccessFile data, FileLock lock, Object key) {
    this.file = file;
    this.data = data;
    this.lock = lock;
    this.key = key;
  }

  /**
   * Opens {@code file} for reading and writing, creating it when missing, and takes its exclusive lock before
   * anything reads or changes it. A refused open changes nothing.
   *
   * @param what what the file is, for the message ("store")
   * @throws IllegalStateException naming the file when another process or another holder in this JVM has it locked
   */
  static LockedFile open(Path file, String what) throws IOException {
    Path abs = file.toAbsolutePath();
    synchronized (HELD) {
      Object existing = keyIfExists(abs);
      if (existing != null && HELD.containsKey(existing)) {
        throw locked(what, file, "by another holder in this JVM");
      }
      RandomAccessFile data = new RandomAccessFile(abs.toFile(), "rw");
      try {
        Object key = keyIfExists(abs);
        if (key == null) {
          throw new NoSuchFileException(abs.toString(), null, "removed while it was being opened");
        }
        if (HELD.containsKey(key)) {
          throw locked(what, file, "by another holder in this JVM");
        }
        FileLock lock;
        try {
          lock = data.getChannel().tryLock();
        } catch (OverlappingFileLockException e) {
          throw locked(what, file, "by another channel in this JVM");
        }
        if (lock == null) {
          throw locked(what, file, "by another process");
        }
        LockedFile opened = new LockedFile(abs, data, lock, key);
        HELD.put(key, opened);
        return opened;
      } catch (IOException | RuntimeException e) {
        try {
          data.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }

  private static IllegalStateException locked(String what, Path file, String by) {
    return new IllegalStateException(what + " " + file + " must not be open elsewhere, but it is locked " + by);
  }

  private static @Nullable Object keyIfExists(Path abs) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(abs, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
    Object key = a.fileKey();
    return key != null ? key : abs.toRealPath();
  }

  /** The file's absolute path. */
  Path file() {
    return file;
  }

  /** The file's size in bytes. */
  synchronized long size() throws IOException {
    return data.length();
  }

  /**
   * Reads up to {@code len} bytes at {@code position}.
   *
   * @return the number read, or -1 at the end of the file
   */
  synchronized int read(long position, byte[] dst, int off, int len) throws IOException {
    data.seek(position);
    return data.read(dst, off, len);
  }

  /** Writes all of {@code src[off, off + len)} at {@code position}. */
  synchronized void write(long position, byte[] src, int off, int len) throws IOException {
    data.seek(position);
    data.write(src, off, len);
  }

  /** Cuts the file to {@code size} bytes. */
  synchronized void truncate(long size) throws IOException {
    data.setLength(size);
  }

  /** Forces written data and metadata to the storage device ({@code fsync}). */
  void sync() throws IOException {
    data.getFD().sync();
  }

  /** Releases the lock and closes the handle; idempotent. */
  @Override
  public void close() throws IOException {
    synchronized (HELD) {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      try {
        lock.release();
      } finally {
        try {
          data.close();
        } finally {
          HELD.remove(key);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "LockedFile[" + file + "]";
  }
}
