package dev.align4j.rewards.rule;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.ScriptAwareSegmenter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A keyword rule over whole words (case-insensitive by default): {@link Mode#ANY} scores 1 when at least one keyword
 * occurs, {@link Mode#ALL} scores the fraction of keywords that occur (partial credit, 1 when all do), and
 * {@link Mode#NONE} scores 1 when none occurs (a blocklist), 0 otherwise.
 *
 * <p>A whole word is one not preceded or followed by a letter or digit of a script written with spaces (so
 * {@code Java} matches in 「Javaの本」). At an end of the keyword that is a Chinese,
 * Japanese, Thai, Lao, Khmer or Myanmar character ({@link ScriptAwareSegmenter#isWrittenWithoutSpaces}) no boundary is
 * required, since those scripts write words without spaces: 「申し訳」 matches inside 「申し訳ございません」.
 */
public final class KeywordRule implements RewardModel {

  /** How occurrences are turned into a score. */
  public enum Mode {
    /** 1 if any keyword occurs. */
    ANY,
    /** The fraction of keywords that occur. */
    ALL,
    /** 1 if no keyword occurs. */
    NONE
  }

  /** A letter or digit of a script written with spaces: what may not touch a whole word. */
  private static final String SPACED_WORD_CHAR = "[\\p{L}\\p{N}&&[^\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}"
      + "\\p{IsThai}\\p{IsLao}\\p{IsKhmer}\\p{IsMyanmar}\\u30FC\\uFF70]]";

  private final List<String> keywords;
  private final List<Pattern> patterns;
  private final Mode mode;

  private KeywordRule(List<String> keywords, Mode mode, boolean caseSensitive) {
    Require.nonEmpty("keywords", keywords);
    this.keywords = List.copyOf(keywords);
    this.mode = Require.nonNull("mode", mode);
    List<Pattern> ps = new ArrayList<>();
    for (String k : this.keywords) {
      Require.nonBlank("keyword", k);
      int flags = caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
      // no boundary to look for next to a character of a script written without spaces (「申し訳」 inside a clause)
      boolean openStart = ScriptAwareSegmenter.isWrittenWithoutSpaces(k.codePointAt(0));
      boolean openEnd = ScriptAwareSegmenter.isWrittenWithoutSpaces(k.codePointBefore(k.length()));
      ps.add(Pattern.compile((openStart ? "" : "(?<!" + SPACED_WORD_CHAR + ")") + Pattern.quote(k)
          + (openEnd ? "" : "(?!" + SPACED_WORD_CHAR + ")"), flags));
    }
    this.patterns = List.copyOf(ps);
  }

  /** A case-insensitive rule. */
  public static KeywordRule of(Mode mode, List<String> keywords) {
    return new KeywordRule(keywords, mode, false);
  }

  /** A rule with explicit case sensitivity. */
  public static KeywordRule of(Mode mode, List<String> keywords, boolean caseSensitive) {
    return new KeywordRule(keywords, mode, caseSensitive);
  }

  @Override
  public double score(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    String text = completion.text();
    int hits = 0;
    for (Pattern p : patterns) {
      if (p.matcher(text).find()) {
        hits++;
        if (mode == Mode.ANY) {
          return 1.0;
        }
        if (mode == Mode.NONE) {
          return 0.0;
        }
      }
    }
    switch (mode) {
      case ANY:
        return 0.0;
      case NONE:
        return 1.0;
      default:
        return (double) hits / patterns.size();
    }
  }

  @Override
  public String toString() {
    return "KeywordRule[" + mode.name().toLowerCase(Locale.ROOT) + " of " + keywords + "]";
  }
}
