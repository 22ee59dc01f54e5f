package dev.align4j.spark;

import dev.align4j.core.check.Require;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content hashes of texts: SHA-256 (FIPS 180-4) over the fields in order, each as its UTF-8 length (4 bytes,
 * big-endian) followed by its UTF-8 bytes, so that {@code ("ab", "c")} and {@code ("a", "bc")} differ. Written as 64
 * lowercase hexadecimal digits. The same texts give the same hash on every machine and in every run, which is what
 * deduplication, prompt-level splits and request ids need.
 */
public final class ContentHash {
  private ContentHash() {}

  /** The hash of {@code fields}, in order. */
  public static String of(String... fields) {
    Require.nonNull("fields", fields);
    MessageDigest sha = sha256();
    for (int i = 0; i < fields.length; i++) {
      String f = Require.nonNull("fields[" + i + "]", fields[i]);
      byte[] bytes = f.getBytes(StandardCharsets.UTF_8);
      sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
      sha.update(bytes);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * A number in [0, 1) drawn from {@code hash} and {@code seed}: the first 53 bits of SHA-256 over the seed (8
   * bytes, big-endian) and the hash's text, divided by 2^53. Uniform over hashes; used to split by prompt.
   */
  public static double unitInterval(String hash, long seed) {
    Require.nonNull("hash", hash);
    MessageDigest sha = sha256();
    sha.update(ByteBuffer.allocate(8).putLong(seed).array());
    sha.update(hash.getBytes(StandardCharsets.UTF_8));
    long bits = ByteBuffer.wrap(sha.digest()).getLong() >>> 11;
    return bits / (double) (1L << 53);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-256", e);
    }
  }
}
