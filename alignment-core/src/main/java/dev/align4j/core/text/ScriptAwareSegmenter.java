package dev.align4j.core.text;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into words by Unicode script, so that languages written without spaces between words are not read as
 * one word per sentence. One definition shared by the hashed featurizer, the length rules and the word tokenizer.
 *
 * <p>The text is cut into <em>segments</em>, in order, never overlapping, skipping whitespace:
 *
 * <ul>
 *   <li>{@link SegmentKind#WORD}: a maximal run of letters and digits of a script written with spaces between words
 *       (Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari and the other Indic scripts, Hangul, ...), with the
 *       combining marks (Unicode categories Mn, Mc, Me) and zero-width joiners inside it, so that a Devanagari word
 *       with vowel signs stays one word.
 *   <li>{@link SegmentKind#CHARACTER}: one character of a script written <em>without</em> spaces between words — Han,
 *       Hiragana, Katakana (with the prolonged sound mark {@code ー}), and Thai, Lao, Khmer and Myanmar — together with
 *       the combining marks that follow it (a Thai consonant with its vowel and tone marks is one character).
 *   <li>{@link SegmentKind#SYMBOL}: any other non-whitespace code point — punctuation, symbols, emoji — with the
 *       combining marks, variation selectors and emoji modifiers that follow it; a zero-width joiner followed by
 *       another symbol joins it, so an emoji ZWJ sequence is one symbol. Surrogate pairs are never split.
 * </ul>
 *
 * <p><b>Tokens</b> ({@link #forEachToken}) are the segments with runs of {@code CHARACTER} segments of one script
 * family (Han/Hiragana/Katakana together; Thai, Lao, Khmer, Myanmar each on its own) replaced by their overlapping
 * character bigrams, and a run of one character by that character as a unigram. This is the standard analyzer
 * approach for text without word boundaries (Lucene's {@code CJKBigramFilter}): 「申し訳ございません」 gives 申し, し訳,
 * 訳ご, ござ, ... instead of one token for the clause. Decisions where this departs from Lucene's defaults: Hangul is
 * treated as a spaced script (Korean writes spaces between words, so a run of Hangul is a word; Lucene also bigrams
 * it), and Thai, Lao, Khmer and Myanmar are bigrammed like CJK rather than split with a dictionary (Lucene's Thai
 * analyzer uses the JDK's dictionary {@code BreakIterator}, whose output depends on the JDK version; bigrams keep
 * features identical on every JVM).
 *
 * <p><b>Word count</b> ({@link #wordCount}) is the number of {@code WORD} segments plus the number of {@code CHARACTER}
 * segments; symbols do not count. Counting one word per Chinese or Japanese character is the convention of word
 * processors (Microsoft Word and Google Docs count each East Asian character as a word). For Thai and the other
 * Southeast Asian scripts the same rule counts characters (a Thai word has several), so a Thai word count is larger
 * than a dictionary segmentation would give; use model tokens when lengths must compare across such languages.
 *
 * <p>Stateless and thread-safe; the callback forms allocate nothing.
 */
public final class ScriptAwareSegmenter {
  private static final ScriptAwareSegmenter STANDARD = new ScriptAwareSegmenter("");

  private static final byte SPACE = 0;
  private static final byte WORD = 1;
  private static final byte OTHER = 2;
  private static final byte[] ASCII = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      ASCII[c] = Character.isWhitespace(c) ? SPACE : Character.isLetterOrDigit(c) ? WORD : OTHER;
    }
  }

  /** Families of scripts written without spaces; characters of one family form one bigram run. */
  private static final int NO_FAMILY = 0;
  private static final int CJK = 1;
  private static final int THAI = 2;
  private static final int LAO = 3;
  private static final int KHMER = 4;
  private static final int MYANMAR = 5;

  private static final int ZWNJ = 0x200C;
  private static final int ZWJ = 0x200D;

  private final String wordJoiners;

  private ScriptAwareSegmenter(String wordJoiners) {
    this.wordJoiners = wordJoiners;
  }

  /** The segmenter whose words are runs of letters, digits and combining marks (the default everywhere). */
  public static ScriptAwareSegmenter standard() {
    return STANDARD;
  }

  /**
   * A segmenter whose spaced-script words also include the given ASCII characters, e.g. {@code "'_"} so that
   * {@code don't} and {@code snake_case} are single words.
   *
   * @param joiners ASCII punctuation characters that continue a word (not letters, digits or whitespace)
   */
  public static ScriptAwareSegmenter withWordJoiners(String joiners) {
    Require.nonNull("joiners", joiners);
    for (int i = 0; i < joiners.length(); i++) {
      char c = joiners.charAt(i);
      Require.argument(c < 128 && ASCII[c] == OTHER,
          "joiners must hold ASCII punctuation only, was \"%s\" (character %s)", joiners, i);
    }
    return joiners.isEmpty() ? STANDARD : new ScriptAwareSegmenter(joiners);
  }

  /** What a segment or token is. */
  public enum SegmentKind {
    /** A run of letters and digits (with marks) of a script written with spaces. */
    WORD,
    /** One character (with its marks) of a script written without spaces. */
    CHARACTER,
    /** Two adjacent characters of a script written without spaces (tokens only). */
    BIGRAM,
    /** Any other non-whitespace code point with its marks: punctuation, symbols, emoji. */
    SYMBOL
  }

  /** Receives spans of the text: {@code [start, end)} in UTF-16 indices, never splitting a surrogate pair. */
  @FunctionalInterface
  public interface SpanSink {
    /**
     * One segment or token.
     *
     * @param start index of its first {@code char}
     * @param end index after its last {@code char}
     * @param kind what it is
     */
    void accept(int start, int end, SegmentKind kind);
  }

  /** Calls {@code sink} for every segment of {@code text}, in order (see the class comment). */
  public void forEachSegment(CharSequence text, SpanSink sink) {
    Require.nonNull("text", text);
    Require.nonNull("sink", sink);
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = Character.codePointAt(text, i);
      int cc = Character.charCount(cp);
      byte cls = classOf(cp);
      if (cls == SPACE) {
        i += cc;
        continue;
      }
      int start = i;
      if (cls == WORD) {
        int family = familyOf(cp);
        if (family != NO_FAMILY) {
          i = skipMarks(text, i + cc, n);
          sink.accept(start, i, SegmentKind.CHARACTER);
          continue;
        }
        i = wordEnd(text, i + cc, n);
        sink.accept(start, i, SegmentKind.WORD);
        continue;
      }
      i = symbolEnd(text, i + cc, n);
      sink.accept(start, i, SegmentKind.SYMBOL);
    }
  }

  /**
   * Calls {@code sink} for every token of {@code text}, in order: words and symbols as segmented, and each run of
   * characters of one script family without spaces as its overlapping bigrams ({@link SegmentKind#BIGRAM}), or as a
   * single {@link SegmentKind#CHARACTER} when the run has one character.
   */
  public void forEachToken(CharSequence text, SpanSink sink) {
    Require.nonNull("text", text);
    Require.nonNull("sink", sink);
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = Character.codePointAt(text, i);
      int cc = Character.charCount(cp);
      byte cls = classOf(cp);
      if (cls == SPACE) {
        i += cc;
        continue;
      }
      int start = i;
      if (cls == WORD) {
        int family = familyOf(cp);
        if (family == NO_FAMILY) {
          i = wordEnd(text, i + cc, n);
          sink.accept(start, i, SegmentKind.WORD);
          continue;
        }
        // a run of characters of one family: bigrams of consecutive characters, or the lone character
        int prevStart = start;
        int prevEnd = skipMarks(text, i + cc, n);
        i = prevEnd;
        boolean paired = false;
        while (i < n) {
          int next = Character.codePointAt(text, i);
          if (familyOf(next) != family || classOf(next) != WORD) {
            break;
          }
          int nextEnd = skipMarks(text, i + Character.charCount(next), n);
          sink.accept(prevStart, nextEnd, SegmentKind.BIGRAM);
          paired = true;
          prevStart = i;
          prevEnd = nextEnd;
          i = nextEnd;
        }
        if (!paired) {
          sink.accept(start, prevEnd, SegmentKind.CHARACTER);
        }
        continue;
      }
      i = symbolEnd(text, i + cc, n);
      sink.accept(start, i, SegmentKind.SYMBOL);
    }
  }

  /** The segments of {@code text} as strings (for tests and small inputs; see {@link #forEachSegment}). */
  public List<String> segments(String text) {
    List<String> out = new ArrayList<>();
    forEachSegment(text, (s, e, k) -> out.add(text.substring(s, e)));
    return out;
  }

  /** The tokens of {@code text} as strings (for tests and small inputs; see {@link #forEachToken}). */
  public List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    forEachToken(text, (s, e, k) -> out.add(text.substring(s, e)));
    return out;
  }

  /**
   * The number of words: {@link SegmentKind#WORD} segments plus {@link SegmentKind#CHARACTER} segments (one word per
   * Chinese or Japanese character; see the class comment). Symbols and whitespace do not count.
   */
  public int wordCount(CharSequence text) {
    int[] count = new int[1];
    forEachSegment(text, (s, e, k) -> {
      if (k != SegmentKind.SYMBOL) {
        count[0]++;
      }
    });
    return count[0];
  }

  /** The number of Unicode code points of {@code text} (a surrogate pair, e.g. most emoji, counts once). */
  public static int codePointCount(CharSequence text) {
    Require.nonNull("text", text);
    return Character.codePointCount(text, 0, text.length());
  }

  /**
   * Whether {@code codePoint} is a letter or digit of a script written without spaces between words (Han, Hiragana,
   * Katakana, Thai, Lao, Khmer, Myanmar): such a character has no word boundary to look for on either side.
   */
  public static boolean isWrittenWithoutSpaces(int codePoint) {
    return Character.isLetterOrDigit(codePoint) && familyOf(codePoint) != NO_FAMILY;
  }

  private int wordEnd(CharSequence text, int i, int n) {
    while (i < n) {
      char ch = text.charAt(i);
      if (ch < 128) {
        // ASCII fast path: a letter, digit or joiner continues the word, anything else ends it
        if (classOf(ch) != WORD) {
          return i;
        }
        i++;
        continue;
      }
      int cp = Character.codePointAt(text, i);
      int cc = Character.charCount(cp);
      if (isMark(cp)) {
        i += cc;
        continue;
      }
      if (cp == ZWJ || cp == ZWNJ) {
        // a joiner inside a word (Indic conjuncts) stays with it when a letter follows
        if (i + cc < n && isSpacedWordChar(Character.codePointAt(text, i + cc))) {
          i += cc;
          continue;
        }
        return i;
      }
      if (!isSpacedWordChar(cp)) {
        return i;
      }
      i += cc;
    }
    return i;
  }

  private boolean isSpacedWordChar(int cp) {
    return classOf(cp) == WORD && familyOf(cp) == NO_FAMILY;
  }

  private static int skipMarks(CharSequence text, int i, int n) {
    while (i < n) {
      int cp = Character.codePointAt(text, i);
      if (!isMark(cp)) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return i;
  }

  /** After a symbol: its marks, variation selectors and emoji modifiers, and ZWJ-joined symbols. */
  private int symbolEnd(CharSequence text, int i, int n) {
    while (i < n) {
      int cp = Character.codePointAt(text, i);
      int cc = Character.charCount(cp);
      if (isMark(cp) || isEmojiModifier(cp)) {
        i += cc;
        continue;
      }
      if (cp == ZWJ && i + cc < n) {
        int next = Character.codePointAt(text, i + cc);
        if (classOf(next) == OTHER) {
          i += cc + Character.charCount(next);
          continue;
        }
      }
      return i;
    }
    return i;
  }

  private byte classOf(int cp) {
    if (cp < 128) {
      byte c = ASCII[cp];
      return c == OTHER && wordJoiners.indexOf(cp) >= 0 ? WORD : c;
    }
    if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
      return SPACE;
    }
    if (Character.isLetterOrDigit(cp)) {
      return WORD;
    }
    return OTHER;
  }

  /** Combining marks (Mn, Mc, Me), including the variation selectors (which are Mn). */
  private static boolean isMark(int cp) {
    if (cp < 0x0300) {
      return false;
    }
    int t = Character.getType(cp);
    return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
  }

  /** The emoji skin-tone modifiers U+1F3FB..U+1F3FF (category Sk). */
  private static boolean isEmojiModifier(int cp) {
    return cp >= 0x1F3FB && cp <= 0x1F3FF;
  }

  /** The family of a letter or digit of a script written without spaces, or {@link #NO_FAMILY}. */
  private static int familyOf(int cp) {
    if (cp < 0x0E00) {
      return NO_FAMILY;
    }
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA)) {
      return CJK; // fast path: the CJK Unified Ideographs, Hiragana and Katakana letter blocks
    }
    if (cp == 0x30FC || cp == 0xFF70) {
      return CJK; // the prolonged sound marks (script Common) belong to the kana around them
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    switch (script) {
      case HAN:
      case HIRAGANA:
      case KATAKANA:
        return CJK;
      case THAI:
        return THAI;
      case LAO:
        return LAO;
      case KHMER:
        return KHMER;
      case MYANMAR:
        return MYANMAR;
      default:
        return NO_FAMILY;
    }
  }

  @Override
  public String toString() {
    return wordJoiners.isEmpty() ? "ScriptAwareSegmenter" : "ScriptAwareSegmenter[joiners=" + wordJoiners + "]";
  }
}
