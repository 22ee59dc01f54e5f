package dev.align4j.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.ScriptAwareSegmenter.SegmentKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptAwareSegmenterTest {
  private final ScriptAwareSegmenter seg = ScriptAwareSegmenter.standard();

  @Test
  void japaneseClauseBecomesOverlappingBigramsNotOneToken() {
    // the clause of issue #11, which letter-or-digit runs read as a single token
    String clause = "ご不便をおかけして申し訳ございません";
    List<String> expected = new ArrayList<>();
    int[] cps = clause.codePoints().toArray();
    for (int i = 0; i + 1 < cps.length; i++) {
      expected.add(new String(cps, i, 2));
    }
    assertEquals(17, expected.size());
    assertEquals(expected, seg.tokens(clause));
    assertEquals("ご不", seg.tokens(clause).get(0));
    assertEquals("せん", seg.tokens(clause).get(16));
    assertEquals(18, seg.wordCount(clause));
  }

  @Test
  void mixedScriptsSplitAtScriptBoundariesAndPunctuation() {
    assertEquals(List.of("Java", "の本", "本を", "3", "冊", "。"), seg.tokens("Javaの本を3冊。"));
    assertEquals(List.of("Java", "の", "本", "を", "3", "冊", "。"), seg.segments("Javaの本を3冊。"));
    // Java + の本を (3 characters) + 3 + 冊: 1 + 3 + 1 + 1 words; the full stop is a symbol
    assertEquals(6, seg.wordCount("Javaの本を3冊。"));
    // a lone CJK character between non-CJK segments is a unigram
    assertEquals(List.of("I", "love", "猫", "!"), seg.tokens("I love 猫!"));
  }

  @Test
  void katakanaWithProlongedSoundMarkIsOneRun() {
    assertEquals(List.of("コー", "ーヒ", "ヒー"), seg.tokens("コーヒー"));
    assertEquals(4, seg.wordCount("コーヒー"));
  }

  @Test
  void spacedScriptsAreWordRunsWithTheirCombiningMarks() {
    // Devanagari: vowel signs (Mn/Mc) stay inside the word; letter-or-digit runs cut "नमस्ते" at every sign
    assertEquals(List.of("नमस्ते", "दुनिया"), seg.tokens("नमस्ते दुनिया"));
    // Hangul is a spaced script here: a run between spaces is one word
    assertEquals(List.of("안녕하세요", "세계"), seg.tokens("안녕하세요 세계"));
    assertEquals(2, seg.wordCount("안녕하세요 세계"));
    // decomposed Latin: e + combining acute stays one word
    assertEquals(List.of("cafe\u0301", "ok"), seg.tokens("cafe\u0301 ok"));
    assertEquals(List.of("Hello", ",", "world", "!"), seg.tokens("Hello, world!"));
    assertEquals(2, seg.wordCount("Hello, world!"));
  }

  @Test
  void thaiRunsAreBigramsOfConsonantsWithTheirMarksNotOneWord() {
    // สวัสดี = ส ว ั ส ด ี : four characters once the marks (U+0E31, U+0E35) join their consonants
    String hello = "สวัสดี";
    assertEquals(List.of("ส", "วั", "ส", "ดี"), seg.segments(hello));
    assertEquals(List.of("สวั", "วัส", "สดี"), seg.tokens(hello));
    assertEquals(4, seg.wordCount(hello));
  }

  @Test
  void emojiAreSymbolsOfWholeCodePointsAndSequences() {
    String thumbs = "\uD83D\uDC4D"; // U+1F44D
    assertEquals(List.of("ok", thumbs), seg.tokens("ok " + thumbs));
    assertEquals(1, seg.wordCount("ok " + thumbs));
    // thumbs up with a skin tone modifier, and a ZWJ family sequence: one symbol each
    String toned = thumbs + "\uD83C\uDFFD";
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
    assertEquals(List.of(toned, family), seg.tokens(toned + family));
    assertEquals(1, ScriptAwareSegmenter.codePointCount(thumbs));
    assertEquals(5, ScriptAwareSegmenter.codePointCount(family));
  }

  @Test
  void joinersExtendWordsOnlyWhenAsked() {
    assertEquals(List.of("don", "'", "t"), seg.tokens("don't"));
    ScriptAwareSegmenter joined = ScriptAwareSegmenter.withWordJoiners("'_");
    assertEquals(List.of("don't", "snake_case"), joined.tokens("don't snake_case"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ScriptAwareSegmenter.withWordJoiners("a"));
    assertTrue(e.getMessage().contains("joiners"), e.getMessage());
  }

  @Test
  void kindsAreReported() {
    List<SegmentKind> kinds = new ArrayList<>();
    seg.forEachToken("ab 日本語 本 !", (s, e, k) -> kinds.add(k));
    assertEquals(List.of(SegmentKind.WORD, SegmentKind.BIGRAM, SegmentKind.BIGRAM, SegmentKind.CHARACTER,
        SegmentKind.SYMBOL), kinds);
  }

  /**
   * Segments partition the non-whitespace text: concatenated they give back the text without its whitespace, and
   * no span splits a surrogate pair. Over seeded random strings drawn from many scripts.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void segmentsPartitionTheNonWhitespaceText(long seed) {
    int[] pool = {'a', 'Z', '7', ' ', '\n', ',', '\'', 0x00E9, 0x0301, 0x65E5, 0x672C, 0x3042, 0x30A2, 0x30FC,
        0xAC00, 0x0E2A, 0x0E31, 0x0928, 0x094D, 0x200D, 0x1F44D, 0x1F3FD, 0xFE0F, 0x3002, 0x00A0, 0x0627};
    SplittableRandom r = new SplittableRandom(seed);
    for (int t = 0; t < 200; t++) {
      StringBuilder sb = new StringBuilder();
      int len = r.nextInt(0, 30);
      for (int i = 0; i < len; i++) {
        sb.appendCodePoint(pool[r.nextInt(pool.length)]);
      }
      String text = sb.toString();
      StringBuilder joined = new StringBuilder();
      int[] last = {0};
      seg.forEachSegment(text, (s, e, k) -> {
        assertTrue(s >= last[0] && e > s, text);
        assertTrue(!Character.isLowSurrogate(text.charAt(s)), text);
        assertTrue(e == text.length() || !Character.isLowSurrogate(text.charAt(e)), text);
        String between = text.substring(last[0], s);
        assertTrue(between.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)), text);
        joined.append(text, s, e);
        last[0] = e;
      });
      StringBuilder expected = new StringBuilder();
      text.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
          .forEach(expected::appendCodePoint);
      assertEquals(expected.toString(), joined.toString(), text);
    }
  }
}
