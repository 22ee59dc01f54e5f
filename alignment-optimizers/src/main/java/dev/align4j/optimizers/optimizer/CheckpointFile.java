package dev.align4j.optimizers.optimizer;

import dev.align4j.core.check.Require;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The container of an optimiser checkpoint: a versioned header, the optimiser kind, the payload and a CRC-32 of the
 * payload. A file that is truncated, corrupt, of another version or of another optimiser kind is refused with an
 * {@link IllegalArgumentException} that says which, before any state is touched.
 *
 * <pre>
 *   "A4JCKPT" 0x00 | int version (1) | UTF kind | int payload length | payload | long CRC-32(payload)
 * </pre>
 *
 * <p>{@link #save(Path, String, StateWriter)} writes to a temporary file in the same folder and moves it into place,
 * so an interrupted save never leaves a half-written checkpoint under the final name.
 */
public final class CheckpointFile {
  /** The current format version. */
  public static final int VERSION = 1;

  private static final byte[] MAGIC = "A4JCKPT\0".getBytes(StandardCharsets.US_ASCII);

  private CheckpointFile() {}

  /** Writes the payload of a checkpoint. */
  @FunctionalInterface
  public interface StateWriter {
    /** Writes the state. */
    void write(DataOutput out) throws IOException;
  }

  /** Reads the payload of a checkpoint. */
  @FunctionalInterface
  public interface StateReader {
    /** Reads the state. */
    void read(DataInput in) throws IOException;
  }

  /** Writes a checkpoint of {@code kind} to {@code out}. */
  public static void write(OutputStream out, String kind, StateWriter writer) throws IOException {
    Require.nonBlank("kind", kind);
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    DataOutputStream p = new DataOutputStream(payload);
    writer.write(p);
    p.flush();
    byte[] bytes = payload.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(bytes);
    DataOutputStream d = new DataOutputStream(out);
    d.write(MAGIC);
    d.writeInt(VERSION);
    d.writeUTF(kind);
    d.writeInt(bytes.length);
    d.write(bytes);
    d.writeLong(crc.getValue());
    d.flush();
  }

  /**
   * Reads a checkpoint of {@code kind} from {@code in}: verifies header, version, kind, length and checksum, then
   * hands the payload to {@code reader}.
   *
   * @throws IllegalArgumentException when the data is not a valid checkpoint of this kind
   */
  public static void read(InputStream in, String kind, StateReader reader) throws IOException {
    byte[] bytes;
    try {
      DataInputStream d = new DataInputStream(in);
      byte[] magic = new byte[MAGIC.length];
      d.readFully(magic);
      Require.argument(
          Arrays.equals(magic, MAGIC),
          "checkpoint must start with the align4j header, it does not");
      int version = d.readInt();
      Require.argument(
          version == VERSION, "checkpoint version must be %d, was %d", VERSION, version);
      String actualKind = d.readUTF();
      Require.argument(
          actualKind.equals(kind),
          "checkpoint must be of kind \"%s\", was \"%s\"",
          kind,
          actualKind);
      int length = d.readInt();
      Require.argument(length >= 0, "checkpoint payload length must be >= 0, was %d", length);
      bytes = d.readNBytes(length);
      Require.argument(
          bytes.length == length,
          "checkpoint is truncated: payload has %d of %d bytes",
          bytes.length,
          length);
      long expected = d.readLong();
      CRC32 crc = new CRC32();
      crc.update(bytes);
      Require.argument(
          crc.getValue() == expected,
          "checkpoint is corrupt: checksum 0x%08x, expected 0x%08x",
          crc.getValue(),
          expected);
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          "checkpoint is truncated: the data ends inside the header or checksum", e);
    }
    try {
      DataInputStream payload = new DataInputStream(new ByteArrayInputStream(bytes));
      reader.read(payload);
      Require.argument(
          payload.available() == 0,
          "checkpoint payload has %d unread bytes (another layout?)",
          payload.available());
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          "checkpoint payload is shorter than its layout (another layout?)", e);
    }
  }

  /** Writes a checkpoint to {@code path} atomically (temporary file, then move). */
  public static void save(Path path, String kind, StateWriter writer) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        write(out, kind, writer);
      }
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Reads a checkpoint from {@code path}. */
  public static void load(Path path, String kind, StateReader reader) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      read(in, kind, reader);
    }
  }
}
