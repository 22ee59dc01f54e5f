package dev.align4j.policies.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.policies.token.ByteTokenizer;
import dev.align4j.policies.token.Tokenizer;
import dev.align4j.policies.token.WordTokenizer;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The byte and word tokenizers: lossless round trips, reserved ids, deterministic vocabularies. */
class TokenizerTest {
  private static final String[] ODD = {"", "ü", "naïve café", "日本語のテキスト", "emoji 😀 ok", "tab\tnew\nline",
      "don't_stop", "a  b", "!!!"};

  private static String randomText(Gen gen) {
    StringBuilder sb = new StringBuilder(gen.text(6));
    sb.append(gen.oneOf(ODD));
    int extra = gen.intIn(0, 4);
    for (int i = 0; i < extra; i++) {
      sb.appendCodePoint(gen.intIn(0x20, 0x2FFF));
    }
    return sb.toString();
  }

  @Property(trials = 40)
  void byteTokenizerRoundTripsAnyText(Gen gen) {
    String text = randomText(gen);
    Tokenizer t = ByteTokenizer.INSTANCE;
    int[] ids = t.encode(text);
    assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, ids.length);
    for (int id : ids) {
      assertTrue(id >= 0 && id < 256);
    }
    assertEquals(text, t.decode(ids));
  }

  @Property(trials = 40)
  void wordTokenizerRoundTripsAnyTextAndUsesFewerTokensOnItsCorpus(Gen gen) {
    List<String> corpus = List.of(gen.text(20), gen.text(20), "the quick brown fox", "the lazy dog");
    WordTokenizer t = WordTokenizer.fromCorpus(corpus, 50, 1);
    String text = randomText(gen);
    int[] ids = t.encode(text);
    for (int id : ids) {
      assertTrue(id >= 0 && id < t.vocabularySize() && !t.isReserved(id));
    }
    assertEquals(text, t.decode(ids));
    String seen = corpus.get(0);
    assertTrue(t.encode(seen).length <= ByteTokenizer.INSTANCE.encode(seen).length);
  }

  @Test
  void vocabularyIsTheMostFrequentPiecesWithDeterministicTies() {
    WordTokenizer t = WordTokenizer.fromCorpus(List.of("b a c a b a", "zz yy xx"), 3, 1);
    // one-character pieces are covered by byte ids; among multi-byte pieces: all count 1 → alphabetical
    assertEquals(List.of("xx", "yy", "zz"), t.pieces());
    WordTokenizer frequent = WordTokenizer.fromCorpus(List.of("hello world hello there hello world"), 2, 2);
    assertEquals(List.of("hello", "world"), frequent.pieces());
    assertEquals(259 + 2, frequent.vocabularySize());
    assertArrayEquals(new int[] {259, 3 + ' ', 260}, frequent.encode("hello world"));
    assertEquals(frequent.pieces(), WordTokenizer.fromPieces(frequent.pieces()).pieces());
  }

  @Test
  void reservedIdsAreDistinctAndSkippedWhenDecoding() {
    for (Tokenizer t : new Tokenizer[] {ByteTokenizer.INSTANCE, WordTokenizer.fromCorpus(List.of("ab cd"), 5, 1)}) {
      assertEquals(3, java.util.stream.IntStream.of(t.bos(), t.separator(), t.eos()).distinct().count());
      int[] ids = t.encode("ab");
      int[] framed = new int[ids.length + 3];
      framed[0] = t.bos();
      System.arraycopy(ids, 0, framed, 1, ids.length);
      framed[ids.length + 1] = t.separator();
      framed[ids.length + 2] = t.eos();
      assertEquals("ab", t.decode(framed));
      assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {t.vocabularySize()}));
    }
    assertThrows(IllegalArgumentException.class, () -> WordTokenizer.fromPieces(List.of("a", "a")));
    assertThrows(IllegalArgumentException.class, () -> WordTokenizer.fromCorpus(List.of("x"), 3, 0));
  }

  @Test
  void invalidUtf8FromSamplingDecodesWithReplacementCharacters() {
    assertEquals("a\uFFFDb", ByteTokenizer.INSTANCE.decode(new int[] {'a', 0xC3, 'b'}));
  }
}
