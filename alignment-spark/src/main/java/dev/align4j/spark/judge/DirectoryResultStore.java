package dev.align4j.spark.judge;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import dev.align4j.feedback.store.FeedbackJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JudgeResultStore} in a directory that every executor can see (a local directory for {@code local[*]}, an
 * NFS or other POSIX shared mount on a cluster): one file per request id, {@code <dir>/<first two characters>/<id>
 * .json}, holding the label as one line of {@link FeedbackJson}.
 *
 * <p>A label is written to a temporary file in the same folder, forced to disk, and then published with a hard link
 * to its final name; the link fails when the name exists, so of two writers of one id exactly one wins and both read
 * the winner back. A reader therefore sees a whole file or none. The folder is forced after the link so the name
 * survives a crash. The directory's file system must support hard links (POSIX file systems and NFS do; object
 * stores do not: implement {@link JudgeResultStore} over a database there). A file that is not a label fails the
 * read with an {@link IllegalStateException} naming it — it is never taken as "absent".
 */
public final class DirectoryResultStore implements JudgeResultStore {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryResultStore.class);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{1,199}");

  private final String directory;

  private DirectoryResultStore(String directory) {
    this.directory = directory;
  }

  /**
   * A store in {@code directory} (created when missing).
   *
   * @throws UncheckedIOException when the directory cannot be created
   */
  public static DirectoryResultStore in(Path directory) {
    Require.nonNull("directory", directory);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the judge result store directory " + directory, e);
    }
    return new DirectoryResultStore(directory.toAbsolutePath().toString());
  }

  /** The store's directory. */
  public Path directory() {
    return Path.of(directory);
  }

  @Override
  public Optional<Feedback> find(String requestId) {
    Path file = file(requestId);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stored label " + file, e);
    }
    try {
      return Optional.of(FeedbackJson.fromJson(FeedbackJson.parse(text.strip())));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "stored label " + file + " must be one FeedbackJson line, but is not", e);
    }
  }

  @Override
  public Feedback putIfAbsent(String requestId, Feedback label) {
    Require.nonNull("label", label);
    Optional<Feedback> existing = find(requestId);
    if (existing.isPresent()) {
      return existing.get();
    }
    Path file = file(requestId);
    Path folder = file.getParent();
    byte[] bytes =
        (FeedbackJson.line(FeedbackJson.toJson(label)) + "\n").getBytes(StandardCharsets.UTF_8);
    Path tmp = null;
    try {
      Files.createDirectories(folder);
      tmp = Files.createTempFile(folder, "." + requestId + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException raced) {
        return find(requestId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "stored label " + file + " vanished after a lost race"));
      }
      try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
        dir.force(true);
      }
      return label;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the label of " + requestId + " in " + folder, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // the label is stored (or the error above is thrown); a leftover temporary file is only
          // clutter
          LOG.warn("cannot delete the temporary file {}", tmp, e);
        }
      }
    }
  }

  private Path file(String requestId) {
    Require.nonNull("requestId", requestId);
    Require.argument(
        ID.matcher(requestId).matches(),
        "requestId must be 2 to 200 characters of [A-Za-z0-9._-] not starting with '.', was %s",
        Require.abbreviate(requestId, 80));
    return Path.of(directory, requestId.substring(0, 2), requestId + ".json");
  }

  @Override
  public String toString() {
    return "DirectoryResultStore[" + directory + "]";
  }
}
