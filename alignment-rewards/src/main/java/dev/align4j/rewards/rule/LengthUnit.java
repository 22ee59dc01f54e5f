package dev.align4j.rewards.rule;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.ScriptAwareSegmenter;

/**
 * How the length of a completion is measured by length rules and by the length-bias metric. Every unit means the
 * same in every script: characters are code points, not UTF-16 units, and words are counted by
 * {@link ScriptAwareSegmenter#wordCount}, so a Japanese sentence is not one word.
 */
public enum LengthUnit {
  /**
   * Unicode code points of the text: an emoji outside the Basic Multilingual Plane counts 1, not 2 (a sequence of
   * several code points, such as a ZWJ family emoji or a letter with a combining accent, counts each).
   */
  CHARACTERS,
  /**
   * Words by script ({@link ScriptAwareSegmenter#wordCount}): a run of letters and digits of a script written with
   * spaces (Latin, Cyrillic, Arabic, Devanagari, Hangul, ...) counts 1, and so does each Chinese or Japanese
   * character (the word-processor convention) and each Thai, Lao, Khmer or Myanmar character; punctuation,
   * symbols and emoji count 0. Equivalent answers thus measure within a small factor across languages (about 2 to 3
   * Japanese characters per English word), not 1 per Japanese sentence.
   */
  WORDS,
  /**
   * Tokens: the number of token ids (or token log-probs) attached to the completion. A completion without tokens is
   * refused (no silent fallback to another unit).
   */
  TOKENS;

  /** The length of {@code completion} in this unit. */
  public int measure(Completion completion) {
    switch (this) {
      case CHARACTERS:
        return ScriptAwareSegmenter.codePointCount(completion.text());
      case WORDS:
        return ScriptAwareSegmenter.standard().wordCount(completion.text());
      default:
        int[] ids = completion.tokenIds();
        if (ids != null) {
          return ids.length;
        }
        double[] lp = completion.tokenLogProbs();
        if (lp != null) {
          return lp.length;
        }
        throw new IllegalArgumentException(
            "completion has no token ids or log-probs, so its length in TOKENS is unknown; use WORDS or CHARACTERS");
    }
  }
}
