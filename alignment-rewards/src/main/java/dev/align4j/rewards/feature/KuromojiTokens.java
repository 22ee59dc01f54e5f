package dev.align4j.rewards.feature;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * One Lucene {@link JapaneseTokenizer} (Kuromoji, IPADIC dictionary) for one thread. The only class of align4j that
 * touches Lucene: it is loaded when a {@link KuromojiFeaturizer} first tokenises, never otherwise.
 */
final class KuromojiTokens {
  private final JapaneseTokenizer tokenizer;
  private final CharTermAttribute term;

  KuromojiTokens(boolean searchMode) {
    // no user dictionary; punctuation kept as tokens, as the hashed featurizer counts it
    tokenizer = new JapaneseTokenizer(null, false,
        searchMode ? JapaneseTokenizer.Mode.SEARCH : JapaneseTokenizer.Mode.NORMAL);
    term = tokenizer.addAttribute(CharTermAttribute.class);
  }

  /** Hands every non-blank morpheme of {@code text} to {@code sink}, in order. */
  void forEach(String text, Consumer<String> sink) {
    try {
      tokenizer.setReader(new StringReader(text));
      tokenizer.reset();
      while (tokenizer.incrementToken()) {
        String t = term.toString();
        if (!t.isBlank()) {
          sink.accept(t);
        }
      }
      tokenizer.end();
    } catch (IOException e) {
      throw new UncheckedIOException("Kuromoji could not tokenise the text", e);
    } finally {
      try {
        tokenizer.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Kuromoji could not reset its tokenizer", e);
      }
    }
  }
}
