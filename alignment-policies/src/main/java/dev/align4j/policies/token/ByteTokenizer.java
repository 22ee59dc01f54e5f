package dev.align4j.policies.token;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The byte-level tokenizer: one token per UTF-8 byte (ids 0–255), plus {@code BOS = 256}, {@code SEP = 257},
 * {@code EOS = 258}; vocabulary size 259. Needs no vocabulary file and encodes every string losslessly. Byte
 * sequences that are not valid UTF-8 (a sampled model can produce them) decode with U+FFFD replacement characters.
 */
public final class ByteTokenizer implements Tokenizer {
  /** The shared instance (the tokenizer is stateless). */
  public static final ByteTokenizer INSTANCE = new ByteTokenizer();

  private static final int BOS = 256;
  private static final int SEP = 257;
  private static final int EOS = 258;

  private ByteTokenizer() {}

  @Override
  public String name() {
    return "byte";
  }

  @Override
  public int vocabularySize() {
    return 259;
  }

  @Override
  public int bos() {
    return BOS;
  }

  @Override
  public int separator() {
    return SEP;
  }

  @Override
  public int eos() {
    return EOS;
  }

  @Override
  public int[] encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int[] ids = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ids[i] = bytes[i] & 0xFF;
    }
    return ids;
  }

  @Override
  public String decode(int[] ids, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      int id = ids[i];
      if (id >= 0 && id < 256) {
        out.write(id);
      } else if (!isReserved(id)) {
        throw new IllegalArgumentException("ids[" + i + "] must be in [0, 259), was " + id);
      }
    }
    return decodeUtf8(out.toByteArray());
  }

  static String decodeUtf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("UTF-8 decoder with REPLACE actions failed", e);
    }
  }

  @Override
  public String toString() {
    return "ByteTokenizer[259 ids]";
  }
}
