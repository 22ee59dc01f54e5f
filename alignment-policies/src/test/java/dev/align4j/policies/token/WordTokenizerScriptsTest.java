package dev.align4j.policies.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link WordTokenizer} splits text by script, so a Japanese sentence is not one piece (issue #11, item 19). */
class WordTokenizerScriptsTest {
  private static final List<String> CORPUS = List.of(
      "ご不便をおかけして申し訳ございません。",
      "本日、代替品を発送いたします。",
      "ご連絡ありがとうございます。",
      "申し訳ございませんが、本日は発送できません。");

  @Test
  void japaneseIsSplitIntoCharactersAndLatinIntoWords() {
    assertEquals(List.of("ご", "不", "便", "を", "。"), WordTokenizer.split("ご不便を。"));
    assertEquals(List.of("I", " ", "don't", " ", "like", " ", "猫", "!"), WordTokenizer.split("I don't like 猫!"));
    assertEquals(List.of("snake_case", "\t", "नमस्ते"), WordTokenizer.split("snake_case\tनमस्ते"));
  }

  @Test
  void anUnseenJapaneseSentenceOfSeenCharactersIsOneTokenPerCharacter() {
    WordTokenizer t = WordTokenizer.fromCorpus(CORPUS, 1000, 1);
    // every character of this sentence occurs in the corpus, the sentence itself does not
    String unseen = "本日は申し訳ございません。";
    int[] ids = t.encode(unseen);
    assertEquals(unseen.codePointCount(0, unseen.length()), ids.length);
    assertEquals(unseen, t.decode(ids, 0, ids.length));
    // the earlier run-of-letters split made the clause one piece, unseen, so it was spelled in UTF-8 bytes (3 each)
    assertTrue(ids.length * 3 <= unseen.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }

  /** Encoding stays lossless on mixed-script text with emoji, marks and whitespace. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void encodeThenDecodeIsTheIdentity(long seed) {
    int[] pool = {'a', 'b', ' ', '\n', '\'', '_', ',', 0x65E5, 0x672C, 0x3042, 0x30FC, 0x0E2A, 0x0E31, 0x0928,
        0x094D, 0x200D, 0x1F44D, 0x1F3FD, 0xFE0F, 0x00A0, 0xAC00, 0x0301};
    SplittableRandom r = new SplittableRandom(seed);
    WordTokenizer t = WordTokenizer.fromCorpus(CORPUS, 50, 1);
    for (int n = 0; n < 200; n++) {
      StringBuilder sb = new StringBuilder();
      for (int i = r.nextInt(0, 25); i > 0; i--) {
        sb.appendCodePoint(pool[r.nextInt(pool.length)]);
      }
      String text = sb.toString();
      assertEquals(text, String.join("", WordTokenizer.split(text)));
      int[] ids = t.encode(text);
      assertEquals(text, t.decode(ids, 0, ids.length));
    }
  }
}
