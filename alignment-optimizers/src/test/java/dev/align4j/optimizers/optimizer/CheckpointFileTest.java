package dev.align4j.optimizers.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CheckpointFileTest {

  static byte[] sample() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckpointFile.write(out, "kind-a", o -> {
      o.writeLong(7);
      o.writeDouble(2.5);
    });
    return out.toByteArray();
  }

  @Test
  void roundTrip() throws IOException {
    long[] l = new long[1];
    double[] d = new double[1];
    CheckpointFile.read(new ByteArrayInputStream(sample()), "kind-a", in -> {
      l[0] = in.readLong();
      d[0] = in.readDouble();
    });
    assertEquals(7, l[0]);
    assertEquals(2.5, d[0]);
  }

  @Test
  void refusesCorruptTruncatedForeignAndMisreadCheckpoints() throws IOException {
    byte[] good = sample();
    byte[] corrupt = good.clone();
    corrupt[corrupt.length - 12] ^= 0x10;
    assertEquals(
        "checkpoint is corrupt",
        message(corrupt, "kind-a").substring(0, "checkpoint is corrupt".length()));
    assertEquals(
        "checkpoint is truncated: payload has 7 of 16 bytes",
        message(Arrays.copyOf(good, good.length - 17), "kind-a"));
    assertEquals(
        "checkpoint is truncated: the data ends inside the header or checksum",
        message(Arrays.copyOf(good, good.length - 3), "kind-a"));
    assertEquals("checkpoint must be of kind \"kind-b\", was \"kind-a\"", message(good, "kind-b"));
    assertEquals(
        "checkpoint must start with the align4j header, it does not", message(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "x"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckpointFile.read(new ByteArrayInputStream(good), "kind-a", in -> in.readLong()));
    assertEquals("checkpoint payload has 8 unread bytes (another layout?)", e.getMessage());
  }

  static String message(byte[] bytes, String kind) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> CheckpointFile.read(new ByteArrayInputStream(bytes), kind, in -> {
              in.readLong();
              in.readDouble();
            }))
        .getMessage();
  }
}
