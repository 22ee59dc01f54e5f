package dev.align4j.rewards.feature;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.HashedNGramFeaturizer.WordSplitting;
import java.util.ArrayList;
import java.util.List;

/**
 * Hashed n-gram features over Japanese morphemes: the text is cut into words by Lucene's Kuromoji morphological
 * analyzer ({@code JapaneseTokenizer}, IPADIC dictionary) and the words' n-grams are hashed exactly as
 * {@link HashedNGramFeaturizer} hashes tokens (same buckets, signs, damping and normalisation). A real analyzer in
 * place of {@link WordSplitting#SCRIPT_AWARE}'s character bigrams: fewer, meaningful features (申し訳, ござい, ませ,
 * ん) where bigrams produce every adjacent pair.
 *
 * <p><b>Optional dependency.</b> Lucene is not a dependency of align4j for its users: an application that uses this
 * class adds {@code org.apache.lucene:lucene-analysis-kuromoji:9.12.3} (the newest Lucene that runs on Java 17) and, if
 * it is modular, {@code requires org.apache.lucene.analysis.kuromoji}. Without it, {@link #isAvailable()} is false and
 * the factories throw an {@link IllegalStateException} that says what to add; nothing of Lucene is loaded before.
 *
 * <p>Thread-safe: each thread uses its own Kuromoji tokenizer (a {@code ThreadLocal}), which holds the dictionary
 * shared by all of them. Models that use it are saved as an external featurizer (by {@link #describe()}), so load
 * them with {@code RewardModelFiles.load(path, featurizer)}.
 */
public final class KuromojiFeaturizer implements Featurizer {
  private static final String TOKENIZER_CLASS = "org.apache.lucene.analysis.ja.JapaneseTokenizer";

  private final HashedNGramFeaturizer hashing;
  private final boolean searchMode;
  private final boolean includePrompt;
  private final ThreadLocal<KuromojiTokens> tokens;

  private KuromojiFeaturizer(HashedNGramFeaturizer hashing, boolean searchMode) {
    this.hashing = hashing;
    this.searchMode = searchMode;
    this.includePrompt = hashing.settings().includePrompt();
    this.tokens = ThreadLocal.withInitial(() -> new KuromojiTokens(searchMode));
  }

  /** Whether Lucene's Kuromoji analyzer is on the class or module path of this module. */
  public static boolean isAvailable() {
    try {
      Class.forName(TOKENIZER_CLASS, false, KuromojiFeaturizer.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Kuromoji's normal mode with the hashed featurizer's default settings. */
  public static KuromojiFeaturizer create() {
    return of(HashedNGramFeaturizer.builder().build().settings(), false);
  }

  /**
   * A featurizer that hashes Kuromoji's morphemes with the given settings.
   *
   * @param hashing the hashing settings; their word splitting is not used (morphemes are the tokens), their
   *     character n-grams, when on, run over the morphemes joined by single spaces
   * @param searchMode Kuromoji's search mode (long compound nouns also split into their parts, as Lucene's
   *     {@code JapaneseAnalyzer} does by default) rather than normal segmentation
   * @throws IllegalStateException when Lucene's Kuromoji is not available
   */
  public static KuromojiFeaturizer of(HashedNGramFeaturizer.Settings hashing, boolean searchMode) {
    Require.nonNull("hashing", hashing);
    if (!isAvailable()) {
      throw new IllegalStateException("KuromojiFeaturizer needs Lucene's Japanese analyzer: add the dependency"
          + " org.apache.lucene:lucene-analysis-kuromoji:9.12.3 (and, in a modular application,"
          + " 'requires org.apache.lucene.analysis.kuromoji;'); " + TOKENIZER_CLASS + " was not found");
    }
    HashedNGramFeaturizer.Settings s = hashing;
    HashedNGramFeaturizer h = HashedNGramFeaturizer.of(new HashedNGramFeaturizer.Settings(s.dimension(),
        s.minWordN(), s.maxWordN(), s.minCharN(), s.maxCharN(), s.lowercase(), s.sublinearTf(), s.l2Normalize(),
        s.signed(), s.includePrompt(), s.seed(), WordSplitting.LETTER_DIGIT_RUNS));
    return new KuromojiFeaturizer(h, searchMode);
  }

  /** The morphemes of {@code text}, in order (whitespace dropped; punctuation kept). */
  public List<String> tokens(String text) {
    Require.nonNull("text", text);
    List<String> out = new ArrayList<>();
    tokens.get().forEach(text, out::add);
    return out;
  }

  /** The morphemes joined by spaces: letter-or-digit runs of this text are the morphemes again. */
  private String joined(String text) {
    StringBuilder sb = new StringBuilder(text.length() * 2);
    tokens.get().forEach(text, t -> {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(t);
    });
    return sb.toString();
  }

  @Override
  public int dimension() {
    return hashing.dimension();
  }

  @Override
  public FeatureVector featurize(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    return hashing.featurize(prepared(prompt), Completion.of(joined(completion.text())));
  }

  @Override
  public double dot(Prompt prompt, Completion completion, float[] weights, int offset) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    return hashing.dot(prepared(prompt), Completion.of(joined(completion.text())), weights, offset);
  }

  private Prompt prepared(Prompt prompt) {
    return includePrompt ? Prompt.of(joined(prompt.text())) : prompt;
  }

  @Override
  public String describe() {
    return "KuromojiFeaturizer(mode=" + (searchMode ? "search" : "normal") + ", " + hashing.describe() + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
