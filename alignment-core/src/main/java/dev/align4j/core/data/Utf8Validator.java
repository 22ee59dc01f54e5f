package dev.align4j.core.data;

/**
 * A strict UTF-8 validator (RFC 3629): rejects overlong encodings, surrogate code points (U+D800–U+DFFF), code points
 * above U+10FFFF and truncated sequences. Faster than decoding, so that valid lines can be parsed straight from their
 * bytes.
 */
final class Utf8Validator {
  private Utf8Validator() {}

  /** The index of the first byte of the first invalid sequence in {@code b[from, to)}, or -1 when all is valid. */
  static int firstInvalid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      int start = i;
      if (c >= 0xC2 && c <= 0xDF) {
        if (i + 1 >= to || !cont(b[i + 1])) {
          return start;
        }
        i += 2;
      } else if (c >= 0xE0 && c <= 0xEF) {
        if (i + 2 >= to || !cont(b[i + 1]) || !cont(b[i + 2])) {
          return start;
        }
        int c1 = b[i + 1] & 0xFF;
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) {
          return start;
        }
        i += 3;
      } else if (c >= 0xF0 && c <= 0xF4) {
        if (i + 3 >= to || !cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])) {
          return start;
        }
        int c1 = b[i + 1] & 0xFF;
        if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
          return start;
        }
        i += 4;
      } else {
        return start;
      }
    }
    return -1;
  }

  private static boolean cont(byte x) {
    return (x & 0xC0) == 0x80;
  }
}
