package dev.align4j.rewards.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lengths mean the same in every script (issue #11, item 19). */
class LengthAcrossScriptsTest {
  private static final Prompt Q = Prompt.of("q");

  /** Four answers, each the one before plus a sentence; the Japanese is a translation of the English. */
  private static final List<String> ENGLISH = List.of(
      "Sorry for the inconvenience.",
      "Sorry for the inconvenience. We will send a replacement today.",
      "Sorry for the inconvenience. We will send a replacement today."
          + " Please contact us if it does not arrive within three days.",
      "Sorry for the inconvenience. We will send a replacement today."
          + " Please contact us if it does not arrive within three days. Thank you for your patience.");
  private static final List<String> JAPANESE = List.of(
      "ご不便をおかけして申し訳ございません。",
      "ご不便をおかけして申し訳ございません。本日、代替品を発送いたします。",
      "ご不便をおかけして申し訳ございません。本日、代替品を発送いたします。三日以内に届かない場合はご連絡ください。",
      "ご不便をおかけして申し訳ございません。本日、代替品を発送いたします。三日以内に届かない場合はご連絡ください。"
          + "お待ちいただきありがとうございます。");

  private static int words(String s) {
    return LengthUnit.WORDS.measure(Completion.of(s));
  }

  @Test
  void charactersAreCodePoints() {
    assertEquals(1, LengthUnit.CHARACTERS.measure(Completion.of("\uD83D\uDC4D"))); // U+1F44D, two UTF-16 units
    assertEquals(3, LengthUnit.CHARACTERS.measure(Completion.of("日本語")));
    assertEquals(5, LengthUnit.CHARACTERS.measure(Completion.of("ok \uD83D\uDC4D!")));
    // a combining accent is a code point of its own
    assertEquals(2, LengthUnit.CHARACTERS.measure(Completion.of("e\u0301")));
  }

  @Test
  void wordsCountChineseAndJapaneseCharactersAndSpacedWords() {
    // counted by hand: 18 kana and kanji, the full stop does not count
    assertEquals(18, words("ご不便をおかけして申し訳ございません。"));
    assertEquals(4, words("Sorry for the inconvenience."));
    assertEquals(4, words("我爱北京。"));
    assertEquals(2, words("नमस्ते दुनिया"));
    assertEquals(2, words("안녕하세요 세계"));
    assertEquals(1, words("ok \uD83D\uDC4D"));
    // Java (1) + の本を (3) + 3 (1) + 冊 (1)
    assertEquals(6, words("Javaの本を3冊。"));
  }

  /**
   * Agreement, in the sense the README defines: for answers that say the same thing, a length rule orders them the
   * same way in both languages, and each added sentence adds length in both. Whitespace-separated runs counted every
   * Japanese answer here as 1 word, so the order was lost (and a length penalty never applied to Japanese).
   */
  @Test
  void lengthRulesOrderEquivalentAnswersTheSameInJapaneseAndEnglish() {
    LengthNormalizedReward perWord = LengthNormalizedReward.of(Rules.constant(100), LengthUnit.WORDS, 1);
    LengthPenalty linear = LengthPenalty.linear(LengthUnit.WORDS, 0, 1);
    for (int i = 1; i < ENGLISH.size(); i++) {
      assertTrue(words(ENGLISH.get(i)) > words(ENGLISH.get(i - 1)), ENGLISH.get(i));
      assertTrue(words(JAPANESE.get(i)) > words(JAPANESE.get(i - 1)), JAPANESE.get(i));
      assertTrue(perWord.score(Q, Completion.of(ENGLISH.get(i))) < perWord.score(Q, Completion.of(ENGLISH.get(i - 1))));
      assertTrue(perWord.score(Q, Completion.of(JAPANESE.get(i)))
          < perWord.score(Q, Completion.of(JAPANESE.get(i - 1))));
      assertTrue(linear.score(Q, Completion.of(JAPANESE.get(i))) < linear.score(Q, Completion.of(JAPANESE.get(i - 1))));
    }
    // the Japanese-to-English word ratio of equivalent answers stays within a small band (2.4 to 4.5 here), so a
    // budget set for one language carries over with a known factor
    for (int i = 0; i < ENGLISH.size(); i++) {
      double ratio = (double) words(JAPANESE.get(i)) / words(ENGLISH.get(i));
      assertTrue(ratio >= 2.3 && ratio <= 4.5, i + ": " + ratio);
    }
    assertEquals(List.of(4, 10, 21, 26), ENGLISH.stream().map(LengthAcrossScriptsTest::words).toList());
    assertEquals(List.of(18, 31, 50, 67), JAPANESE.stream().map(LengthAcrossScriptsTest::words).toList());
  }

  @Test
  void dapoOverlongPenaltyReachesJapaneseAnswers() {
    // a 60-word budget with a 20-word soft window: 67 Japanese words are punished, as 26 English words are not
    LengthPenalty p = LengthPenalty.overlong(LengthUnit.WORDS, 60, 20);
    assertEquals(-1.0, p.score(Q, Completion.of(JAPANESE.get(3))));
    assertEquals(0.0, p.score(Q, Completion.of(JAPANESE.get(0))));
    assertEquals(0.0, p.score(Q, Completion.of(ENGLISH.get(3))));
  }

  @Test
  void japaneseKeywordsMatchInsideWordsWrittenWithoutSpaces() {
    KeywordRule any = KeywordRule.of(KeywordRule.Mode.ANY, List.of("申し訳"));
    assertEquals(1.0, any.score(Q, Completion.of(JAPANESE.get(0))));
    assertEquals(0.0, any.score(Q, Completion.of("本日発送します。")));
    // spaced scripts keep whole-word matching
    KeywordRule cat = KeywordRule.of(KeywordRule.Mode.ANY, List.of("cat"));
    assertEquals(0.0, cat.score(Q, Completion.of("a category")));
    assertEquals(1.0, cat.score(Q, Completion.of("a cat!")));
    // a Latin keyword next to Japanese text still matches: the boundary is a script change
    assertEquals(1.0, KeywordRule.of(KeywordRule.Mode.ANY, List.of("Java")).score(Q, Completion.of("Javaの本")));
  }
}
