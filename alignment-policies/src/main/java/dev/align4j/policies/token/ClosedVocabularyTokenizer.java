package dev.align4j.policies.token;

import dev.align4j.core.check.Require;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tokenizer over a fixed list of words: text is words separated by whitespace, each word one token, and a word
 * outside the list is refused. Ids: 0 = BOS, 1 = SEP, 2 = EOS, then the words in list order. Decoding joins the words
 * with single spaces.
 *
 * <p>For toy tasks (tool-use environments, bandits) whose whole language is a handful of words: a model over such a
 * vocabulary samples only well-formed words, so a task's success rate starts well above zero and a reward signal
 * reaches the policy from the first step; {@link WordTokenizer} keeps a byte fallback and ~260 ids instead.
 */
public final class ClosedVocabularyTokenizer implements Tokenizer {
  private static final int FIRST_WORD = 3;

  private final List<String> words;
  private final Map<String, Integer> ids = new HashMap<>();

  private ClosedVocabularyTokenizer(List<String> words) {
    this.words = List.copyOf(words);
    for (int i = 0; i < this.words.size(); i++) {
      String w = this.words.get(i);
      Require.argument(
          !w.isEmpty() && w.codePoints().noneMatch(Character::isWhitespace),
          "words[%s] must be non-empty without whitespace, was \"%s\"",
          i,
          w);
      Require.argument(ids.put(w, FIRST_WORD + i) == null, "words[%s] repeats \"%s\"", i, w);
    }
  }

  /**
   * A tokenizer over {@code words}.
   *
   * @throws IllegalArgumentException when a word is empty, holds whitespace or repeats, or the list is empty
   */
  public static ClosedVocabularyTokenizer of(List<String> words) {
    return new ClosedVocabularyTokenizer(Require.nonEmpty("words", words));
  }

  /** The words, in id order (the first has id 3). */
  public List<String> words() {
    return words;
  }

  @Override
  public String name() {
    return "closed-vocabulary";
  }

  @Override
  public int vocabularySize() {
    return FIRST_WORD + words.size();
  }

  @Override
  public int bos() {
    return 0;
  }

  @Override
  public int separator() {
    return 1;
  }

  @Override
  public int eos() {
    return 2;
  }

  /**
   * The ids of the text's whitespace-separated words.
   *
   * @throws IllegalArgumentException naming a word that is not in the vocabulary
   */
  @Override
  public int[] encode(String text) {
    Require.nonNull("text", text);
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return new int[0];
    }
    String[] parts = trimmed.split("\\s+");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Integer id = ids.get(parts[i]);
      if (id == null) {
        throw new IllegalArgumentException(
            "text word "
                + i
                + " must be one of the vocabulary's words "
                + words
                + ", was \""
                + parts[i]
                + "\"");
      }
      out[i] = id;
    }
    return out;
  }

  @Override
  public String decode(int[] ids, int from, int to) {
    Require.nonNull("ids", ids);
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      int id = ids[i];
      if (isReserved(id)) {
        continue;
      }
      if (id < FIRST_WORD || id >= vocabularySize()) {
        throw new IllegalArgumentException(
            "ids[" + i + "] must be in [0, " + vocabularySize() + "), was " + id);
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(words.get(id - FIRST_WORD));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "ClosedVocabularyTokenizer[" + words.size() + " words]";
  }
}
