package dev.align4j.rewards.feature;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.ScriptAwareSegmenter;
import dev.align4j.core.text.ScriptAwareSegmenter.SegmentKind;
import java.util.Arrays;
import java.util.Locale;

/**
 * Hashed word and character n-gram features ("the hashing trick", Weinberger et al., "Feature Hashing for Large
 * Scale Multitask Learning", ICML 2009; the scheme of scikit-learn's {@code HashingVectorizer}): every n-gram is hashed
 * to one of {@link #dimension()} buckets with a ±1 sign from an independent hash bit; counts can be damped to
 * {@code 1 + log(count)} and the vector L2-normalised (both off by default: raw counts of words). No vocabulary, no
 * model files, deterministic across JVMs and platforms (the hash is a fixed FNV-1a / MurmurHash3-finaliser mix of
 * UTF-16 code units), sparse, and allocation-free when scoring a linear head ({@link #dot}).
 *
 * <p>Tokens are script-aware by default ({@link WordSplitting#SCRIPT_AWARE}, the tokens of
 * {@link ScriptAwareSegmenter#forEachToken}): words of scripts written with spaces are maximal runs of letters, digits
 * and combining marks; runs of Chinese and Japanese characters (and of Thai, Lao, Khmer, Myanmar) become overlapping
 * character bigrams, as Lucene's {@code CJKBigramFilter} does, so 「申し訳ございません」 gives 申し, し訳, 訳ご, ... rather
 * than one feature for the clause; every other non-whitespace code point (with its marks; emoji sequences whole) is a
 * token of its own (so <code>"{"</code> and {@code "!"} count). On text in Latin letters the features are the same as
 * with {@link WordSplitting#LETTER_DIGIT_RUNS}, the splitting of earlier versions, which is kept so that models
 * trained with it keep their meaning. Text is lower-cased per character when {@link Builder#lowercase} is on.
 * Character n-grams run over the lower-cased text including spaces. By default only the completion is featurised:
 * prompt-only features cancel in every pairwise comparison of a linear model, so they only add collisions; turn
 * {@link Builder#includePrompt} on for pointwise or binary heads that should condition on the prompt.
 *
 * <p>Thread-safe: each thread uses its own scratch buffers (a {@code ThreadLocal} of {@code dimension} floats).
 */
public final class HashedNGramFeaturizer implements Featurizer {
  private static final int FNV_OFFSET = 0x811C9DC5;
  private static final int FNV_PRIME = 0x01000193;
  private static final int PROMPT_SALT = 0x5BD1E995;
  private static final byte WORD = 0;
  private static final byte SPACE = 1;
  private static final byte OTHER = 2;
  /** Character classes of ASCII, so that the common case avoids {@code Character}'s Unicode tables. */
  private static final byte[] ASCII_CLASS = new byte[128];
  /** ASCII folded for hashing: 0 whitespace, 1 other, else the (lower-cased) letter or digit. */
  private static final char[] ASCII_FOLD_LOWER = new char[128];
  private static final char[] ASCII_FOLD_KEEP = new char[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_CLASS[c] = Character.isLetterOrDigit(c) ? WORD : Character.isWhitespace(c) ? SPACE : OTHER;
      char other = ASCII_CLASS[c] == SPACE ? (char) 0 : (char) 1;
      ASCII_FOLD_LOWER[c] = ASCII_CLASS[c] == WORD ? Character.toLowerCase(c) : other;
      ASCII_FOLD_KEEP[c] = ASCII_CLASS[c] == WORD ? c : other;
    }
  }

  private final int dimension;
  private final int minWordN;
  private final int maxWordN;
  private final int minCharN;
  private final int maxCharN;
  private final boolean lowercase;
  private final boolean sublinearTf;
  private final boolean l2Normalize;
  private final boolean signed;
  private final boolean includePrompt;
  private final int seed;
  private final WordSplitting wordSplitting;
  private final int signMask;
  private final ThreadLocal<Scratch> scratch;

  private HashedNGramFeaturizer(Builder b) {
    this.dimension = b.dimension;
    this.minWordN = b.minWordN;
    this.maxWordN = b.maxWordN;
    this.minCharN = b.minCharN;
    this.maxCharN = b.maxCharN;
    this.lowercase = b.lowercase;
    this.sublinearTf = b.sublinearTf;
    this.l2Normalize = b.l2Normalize;
    this.signed = b.signed;
    this.includePrompt = b.includePrompt;
    this.seed = b.seed;
    this.wordSplitting = b.wordSplitting;
    this.signMask = b.signed ? 1 : 0;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(dimension, this));
  }

  /** How text is cut into the tokens whose n-grams are hashed. */
  public enum WordSplitting {
    /**
     * The tokens of {@link ScriptAwareSegmenter#standard()}: words by script, character bigrams for scripts written
     * without spaces (the default).
     */
    SCRIPT_AWARE,
    /**
     * Maximal runs of letters or digits and single other UTF-16 characters, whatever the script: a Japanese clause is
     * one token and an emoji two. The splitting of align4j 0.1 (model files of format version 1), kept so that such
     * models load with the features they were trained on.
     */
    LETTER_DIGIT_RUNS
  }

  /** A builder with the defaults listed on each setter. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public FeatureVector featurize(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    Scratch s = scratch.get();
    accumulate(prompt, completion, s);
    Arrays.sort(s.touched, 0, s.touchedCount);
    int n = 0;
    for (int k = 0; k < s.touchedCount; k++) {
      if (k == 0 || s.touched[k] != s.touched[k - 1]) {
        s.touched[n++] = s.touched[k];
      }
    }
    s.touchedCount = n;
    double norm = finish(s);
    int nnz = 0;
    for (int k = 0; k < n; k++) {
      if (s.counts[s.touched[k]] != 0f) {
        nnz++;
      }
    }
    int[] idx = new int[nnz];
    float[] val = new float[nnz];
    int j = 0;
    for (int k = 0; k < n; k++) {
      int i = s.touched[k];
      float v = s.counts[i];
      if (v != 0f) {
        idx[j] = i;
        val[j] = (float) (v * norm);
        j++;
      }
    }
    s.clear();
    return FeatureVector.sparseTrusted(dimension, idx, val);
  }

  @Override
  public double dot(Prompt prompt, Completion completion, float[] weights, int offset) {
    Scratch s = scratch.get();
    accumulate(prompt, completion, s);
    // one pass: damp, accumulate the squared norm and the dot product, and clear the scratch
    double dot = 0;
    double sq = 0;
    int[] touched = s.touched;
    float[] counts = s.counts;
    for (int k = 0, n = s.touchedCount; k < n; k++) {
      int i = touched[k];
      float v = counts[i];
      if (sublinearTf && (v > 1f || v < -1f)) {
        v = (float) Math.copySign(1.0 + Math.log(Math.abs(v)), v);
      }
      sq += (double) v * v;
      dot += v * weights[offset + i];
      counts[i] = 0f;
    }
    s.touchedCount = 0;
    return l2Normalize && sq > 0 ? dot / Math.sqrt(sq) : dot;
  }

  /** Applies sub-linear damping in place and returns the scale that L2-normalises (1 when off or zero). */
  private double finish(Scratch s) {
    float[] counts = s.counts;
    double sq = 0;
    for (int k = 0, n = s.touchedCount; k < n; k++) {
      int i = s.touched[k];
      float v = counts[i];
      if (sublinearTf && (v > 1f || v < -1f)) {
        v = (float) Math.copySign(1.0 + Math.log(Math.abs(v)), v);
        counts[i] = v;
      }
      sq += (double) v * v;
    }
    return l2Normalize && sq > 0 ? 1.0 / Math.sqrt(sq) : 1.0;
  }

  private void accumulate(Prompt prompt, Completion completion, Scratch s) {
    if (includePrompt) {
      accumulateText(prompt.text(), s, PROMPT_SALT);
    }
    accumulateText(completion.text(), s, 0);
  }

  private void accumulateText(String text, Scratch s, int salt) {
    if (maxWordN > 0) {
      int t = tokenHashes(text, s);
      int[] h = s.tokens;
      s.ensureTouchedCapacity(t * (maxWordN - minWordN + 1));
      for (int n = minWordN; n <= maxWordN; n++) {
        int orderSalt = salt + n * 0x27D4EB2F;
        if (n == 1) {
          for (int i = 0; i < t; i++) {
            add(s, fmix(h[i] + orderSalt));
          }
          continue;
        }
        for (int i = 0; i + n <= t; i++) {
          int g = h[i];
          for (int j = 1; j < n; j++) {
            g = g * 0x9E3779B1 + h[i + j];
            if (j < n - 1) {
              g = fmix(g);
            }
          }
          add(s, fmix(g ^ orderSalt));
        }
      }
    }
    if (maxCharN > 0) {
      int len = text.length();
      s.ensureTouchedCapacity(len * (maxCharN - minCharN + 1));
      for (int n = minCharN; n <= maxCharN; n++) {
        int orderSalt = salt + 0x165667B1 * n + 1;
        for (int i = 0; i + n <= len; i++) {
          int g = FNV_OFFSET ^ seed;
          for (int j = 0; j < n; j++) {
            g = (g ^ normalize(text.charAt(i + j))) * FNV_PRIME;
          }
          add(s, fmix(g + orderSalt));
        }
      }
    }
  }

  private char normalize(char c) {
    if (!lowercase) {
      return c;
    }
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
    }
    return Character.toLowerCase(c);
  }

  private static byte classOf(char c) {
    if (c < 128) {
      return ASCII_CLASS[c];
    }
    return Character.isLetterOrDigit(c) ? WORD : Character.isWhitespace(c) ? SPACE : OTHER;
  }

  /** Writes one hash per token into {@code s.tokens} and returns the token count. */
  private int tokenHashes(String text, Scratch s) {
    int len = text.length();
    int[] tokens = s.tokens;
    if (tokens.length < len + 1) {
      tokens = new int[Math.max(len + 1, tokens.length * 2)];
      s.tokens = tokens;
    }
    if (wordSplitting == WordSplitting.SCRIPT_AWARE) {
      TokenHasher hasher = s.hasher;
      hasher.text = text;
      hasher.count = 0;
      ScriptAwareSegmenter.standard().forEachToken(text, hasher);
      hasher.text = "";
      return hasher.count;
    }
    char[] fold = lowercase ? ASCII_FOLD_LOWER : ASCII_FOLD_KEEP;
    int start = FNV_OFFSET ^ seed;
    int count = 0;
    int h = start;
    boolean inWord = false;
    for (int i = 0; i < len; i++) {
      char c = text.charAt(i);
      char f;
      if (c < 128) {
        f = fold[c];
      } else {
        byte cls = classOf(c);
        f = cls == WORD ? normalize(c) : cls == SPACE ? (char) 0 : (char) 1;
      }
      if (f > 1) {
        h = (h ^ f) * FNV_PRIME;
        inWord = true;
        continue;
      }
      if (inWord) {
        tokens[count++] = h;
        h = start;
        inWord = false;
      }
      if (f == 1) {
        tokens[count++] = (start ^ c) * FNV_PRIME + 0x3C6EF372;
      }
    }
    if (inWord) {
      tokens[count++] = h;
    }
    return count;
  }

  /**
   * Hashes each token span into {@code s.tokens}: FNV-1a over the folded UTF-16 units, so that a word of ASCII letters
   * hashes as under {@link WordSplitting#LETTER_DIGIT_RUNS}, and a symbol as the one-character symbol tokens did.
   */
  private static final class TokenHasher implements ScriptAwareSegmenter.SpanSink {
    private final HashedNGramFeaturizer owner;
    private final Scratch scratch;
    String text = "";
    int count;

    TokenHasher(HashedNGramFeaturizer owner, Scratch scratch) {
      this.owner = owner;
      this.scratch = scratch;
    }

    @Override
    public void accept(int start, int end, SegmentKind kind) {
      char[] fold = owner.lowercase ? ASCII_FOLD_LOWER : ASCII_FOLD_KEEP;
      int h = FNV_OFFSET ^ owner.seed;
      if (kind == SegmentKind.SYMBOL) {
        for (int i = start; i < end; i++) {
          h = (h ^ text.charAt(i)) * FNV_PRIME;
        }
        scratch.tokens[count++] = h + 0x3C6EF372;
        return;
      }
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        h = (h ^ (c < 128 ? fold[c] : owner.normalize(c))) * FNV_PRIME;
      }
      scratch.tokens[count++] = h;
    }
  }

  /** Counts n-gram hash {@code g}; the caller has ensured room in {@code s.touched}. */
  private void add(Scratch s, int g) {
    // Lemire's multiply-shift range reduction of the upper 31 bits (no division); bit 0 gives the sign, branch-free
    int i = (int) (((g >>> 1) * (long) dimension) >>> 31);
    float sign = 1 - ((g & signMask) << 1);
    float[] counts = s.counts;
    float old = counts[i];
    // record i whenever its count was 0 (a bucket that cancelled back to 0 may be listed twice; the readers consume
    // each bucket once by zeroing it)
    if (old == 0f) {
      s.touched[s.touchedCount++] = i;
    }
    counts[i] = old + sign;
  }

  /** The MurmurHash3 32-bit finaliser. */
  private static int fmix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return h;
  }

  /** The configuration, e.g. for persistence; {@code of(f.settings())} rebuilds an identical featurizer. */
  public Settings settings() {
    return new Settings(dimension, minWordN, maxWordN, minCharN, maxCharN, lowercase, sublinearTf, l2Normalize,
        signed, includePrompt, seed, wordSplitting);
  }

  /** A featurizer with the given settings (validated as by the builder). */
  public static HashedNGramFeaturizer of(Settings s) {
    return builder().dimension(s.dimension()).wordNgrams(s.minWordN(), s.maxWordN())
        .charNgrams(s.minCharN(), s.maxCharN()).lowercase(s.lowercase()).sublinearTf(s.sublinearTf())
        .l2Normalize(s.l2Normalize()).signed(s.signed()).includePrompt(s.includePrompt()).seed(s.seed())
        .wordSplitting(s.wordSplitting()).build();
  }

  /**
   * The full configuration of a {@link HashedNGramFeaturizer} (see the {@link Builder} for meanings and defaults).
   *
   * @param dimension buckets
   * @param minWordN lowest word n-gram order (0 with maxWordN 0 = none)
   * @param maxWordN highest word n-gram order
   * @param minCharN lowest character n-gram order (0 with maxCharN 0 = none)
   * @param maxCharN highest character n-gram order
   * @param lowercase lower-case before hashing
   * @param sublinearTf damp counts to 1 + log(count)
   * @param l2Normalize scale to unit length
   * @param signed ±1 hash signs
   * @param includePrompt hash the prompt too
   * @param seed hash seed
   * @param wordSplitting how text is cut into tokens
   */
  public record Settings(int dimension, int minWordN, int maxWordN, int minCharN, int maxCharN, boolean lowercase,
      boolean sublinearTf, boolean l2Normalize, boolean signed, boolean includePrompt, int seed,
      WordSplitting wordSplitting) {
    /** Validates that the splitting is given. */
    public Settings {
      Require.nonNull("wordSplitting", wordSplitting);
    }

    /** Settings with the default {@link WordSplitting#SCRIPT_AWARE} splitting. */
    public Settings(int dimension, int minWordN, int maxWordN, int minCharN, int maxCharN, boolean lowercase,
        boolean sublinearTf, boolean l2Normalize, boolean signed, boolean includePrompt, int seed) {
      this(dimension, minWordN, maxWordN, minCharN, maxCharN, lowercase, sublinearTf, l2Normalize, signed,
          includePrompt, seed, WordSplitting.SCRIPT_AWARE);
    }
  }

  @Override
  public String describe() {
    return "HashedNGramFeaturizer(dimension=" + dimension + ", words=" + minWordN + ".." + maxWordN
        + ", chars=" + minCharN + ".." + maxCharN + ", lowercase=" + lowercase + ", sublinearTf=" + sublinearTf
        + ", l2Normalize=" + l2Normalize + ", signed=" + signed + ", includePrompt=" + includePrompt
        + ", seed=" + seed + ", splitting=" + wordSplitting.name().toLowerCase(Locale.ROOT) + ")";
  }

  @Override
  public String toString() {
    return describe();
  }

  /** Per-thread buffers; cleared after every call so that the next call starts from zero. */
  private static final class Scratch {
    final float[] counts;
    int[] touched = new int[256];
    int touchedCount;
    int[] tokens = new int[1024];
    final TokenHasher hasher;

    Scratch(int dimension, HashedNGramFeaturizer owner) {
      counts = new float[dimension];
      hasher = new TokenHasher(owner, this);
    }

    void ensureTouchedCapacity(int extra) {
      if (touchedCount + extra + 1 > touched.length) {
        touched = Arrays.copyOf(touched, Math.max(touched.length * 2, touchedCount + extra));
      }
    }

    void clear() {
      for (int k = 0; k < touchedCount; k++) {
        counts[touched[k]] = 0f;
      }
      touchedCount = 0;
    }
  }

  /** Configures a {@link HashedNGramFeaturizer}. */
  public static final class Builder {
    private int dimension = 1 << 16;
    private int minWordN = 1;
    private int maxWordN = 1;
    private int minCharN = 0;
    private int maxCharN = 0;
    private boolean lowercase = true;
    private boolean sublinearTf = false;
    private boolean l2Normalize = false;
    private boolean signed = true;
    private boolean includePrompt = false;
    private int seed = 0;
    private WordSplitting wordSplitting = WordSplitting.SCRIPT_AWARE;

    private Builder() {}

    /** The number of hash buckets, in [1, 2^26]; default 2^16 (65,536), a common hashed-text size. */
    public Builder dimension(int dimension) {
      this.dimension = Require.inClosedRange("dimension", dimension, 1, 1 << 26);
      return this;
    }

    /**
     * Word n-gram orders {@code min..max}, {@code 1 <= min <= max <= 8}, or (0, 0) for none; default 1..1 (words;
     * scikit-learn's and Vowpal Wabbit's default). Measured (module README, "Defaults"): on vocabulary-level
     * preferences, adding bigrams cost 4 accuracy points, because nearly every bigram is rare and the trainer fits
     * noise to it; turn them on when word order carries the preference and there are data to learn it.
     */
    public Builder wordNgrams(int min, int max) {
      checkRange("wordNgrams", min, max);
      this.minWordN = min;
      this.maxWordN = max;
      return this;
    }

    /**
     * Character n-gram orders {@code min..max}, {@code 1 <= min <= max <= 8}, or (0, 0) for none; default none (off,
     * to keep scoring above 200,000 completions/s; 3..5 helps with misspellings and code).
     */
    public Builder charNgrams(int min, int max) {
      checkRange("charNgrams", min, max);
      Require.argument(max <= 8, "charNgrams max must be <= 8, was %d", max);
      this.minCharN = min;
      this.maxCharN = max;
      return this;
    }

    private static void checkRange(String name, int min, int max) {
      if (min == 0 && max == 0) {
        return;
      }
      Require.argument(min >= 1 && min <= max && max <= 8,
          "%s must satisfy 1 <= min <= max <= 8 (or be 0, 0 for none), was %d..%d", name, min, max);
    }

    /** Lower-case every character before hashing; default true. */
    public Builder lowercase(boolean lowercase) {
      this.lowercase = lowercase;
      return this;
    }

    /**
     * Replace a count c (|c| &gt; 1) by {@code sign(c)·(1 + log|c|)} (scikit-learn's {@code sublinear_tf}); default
     * false (raw counts, scikit-learn's default): measured 0.5 points below raw counts on vocabulary-level
     * preferences (module README, "Defaults").
     */
    public Builder sublinearTf(boolean sublinearTf) {
      this.sublinearTf = sublinearTf;
      return this;
    }

    /**
     * Scale each vector to unit Euclidean length (HashingVectorizer's {@code norm="l2"}); default false (Vowpal
     * Wabbit's raw counts): normalising hides how much was said, and cost 1.7 accuracy points on vocabulary-level
     * preferences where every word adds to the reward (module README, "Defaults"). Turn it on when the preference
     * should not depend on length.
     */
    public Builder l2Normalize(boolean l2Normalize) {
      this.l2Normalize = l2Normalize;
      return this;
    }

    /** Give each n-gram a ±1 sign from an independent hash bit so collisions cancel in expectation; default true. */
    public Builder signed(boolean signed) {
      this.signed = signed;
      return this;
    }

    /** Also hash the prompt's n-grams (into a separate salt space); default false (see the class comment). */
    public Builder includePrompt(boolean includePrompt) {
      this.includePrompt = includePrompt;
      return this;
    }

    /** The hash seed; default 0. Different seeds give (nearly) independent feature maps, e.g. for ensembles. */
    public Builder seed(int seed) {
      this.seed = seed;
      return this;
    }

    /**
     * How text is cut into tokens; default {@link WordSplitting#SCRIPT_AWARE} (words by script, character bigrams for
     * Chinese, Japanese and Thai, as Lucene's CJK analyzer). {@link WordSplitting#LETTER_DIGIT_RUNS} reproduces the
     * features of align4j 0.1.
     */
    public Builder wordSplitting(WordSplitting wordSplitting) {
      this.wordSplitting = Require.nonNull("wordSplitting", wordSplitting);
      return this;
    }

    /** Builds the featurizer; at least one of word or character n-grams must be on. */
    public HashedNGramFeaturizer build() {
      Require.argument(maxWordN > 0 || maxCharN > 0,
          "wordNgrams and charNgrams must not both be off, were %d..%d and %d..%d", minWordN, maxWordN, minCharN,
          maxCharN);
      return new HashedNGramFeaturizer(this);
    }
  }
}
