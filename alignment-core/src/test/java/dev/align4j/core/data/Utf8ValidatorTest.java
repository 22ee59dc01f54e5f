package dev.align4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The fast validator agrees with the JDK's strict decoder on valid text, corrupted text and raw noise. */
class Utf8ValidatorTest {

  private static boolean jdkAccepts(byte[] b) {
    try {
      JsonlDatasetReader.decodeStrict(b);
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Property(trials = 400)
  void agreesWithTheJdkDecoder(Gen gen) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = gen.intIn(0, 12);
    for (int i = 0; i < n; i++) {
      int cp = gen.oneOf(0x41, 0xE9, 0x65E5, 0x1F642, 0x10FFFF, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000,
          gen.intIn(0, 0xD7FF), gen.intIn(0xE000, 0x10FFFF));
      out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
    }
    byte[] b = out.toByteArray();
    int mode = gen.intIn(0, 3);
    if (mode == 1 && b.length > 0) {
      b[gen.intIn(0, b.length - 1)] = (byte) gen.intIn(0, 255);
    } else if (mode == 2) {
      b = new byte[gen.intIn(1, 8)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) gen.intIn(0x80, 0xFF);
      }
    } else if (mode == 3 && b.length > 1) {
      b = java.util.Arrays.copyOf(b, b.length - 1);
    }
    assertEquals(jdkAccepts(b), Utf8Validator.firstInvalid(b, 0, b.length) < 0, () -> java.util.HexFormat.of().formatHex(out.toByteArray()));
  }

  @Test
  void rejectsOverlongsSurrogatesAndOutOfRange() {
    byte[][] bad = {
      {(byte) 0xC0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
    };
    for (byte[] b : bad) {
      assertEquals(0, Utf8Validator.firstInvalid(b, 0, b.length), java.util.HexFormat.of().formatHex(b));
    }
  }
}
