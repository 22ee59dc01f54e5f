package dev.align4j.rewards.rule;

import dev.align4j.core.text.Completion;

/** How the length of a completion is measured by length rules and by the length-bias metric. */
public enum LengthUnit {
  /** UTF-16 code units of the text ({@code text().length()}). */
  CHARACTERS,
  /** Maximal runs of non-whitespace characters. */
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
        return completion.text().length();
      case WORDS:
        return countWords(completion.text());
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

  private static int countWords(String s) {
    int n = 0;
    boolean in = false;
    for (int i = 0; i < s.length(); i++) {
      boolean ws = Character.isWhitespace(s.charAt(i));
      if (!ws && !in) {
        n++;
      }
      in = !ws;
    }
    return n;
  }
}
