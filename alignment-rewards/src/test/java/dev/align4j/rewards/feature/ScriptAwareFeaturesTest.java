package dev.align4j.rewards.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.HashedNGramFeaturizer.WordSplitting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hashed featurizer's tokens by script (issue #11, item 19). */
class ScriptAwareFeaturesTest {
  private static final Prompt Q = Prompt.of("q");

  /** Raw unigram counts: unsigned, undamped, unnormalised, so that the values sum to the number of tokens. */
  private static HashedNGramFeaturizer counting(WordSplitting splitting) {
    return HashedNGramFeaturizer.builder().dimension(1 << 20).wordNgrams(1, 1).signed(false).sublinearTf(false)
        .l2Normalize(false).wordSplitting(splitting).build();
  }

  private static double tokenCount(HashedNGramFeaturizer f, String text) {
    float[] v = f.featurize(Q, Completion.of(text)).toDense();
    double sum = 0;
    for (float x : v) {
      sum += x;
    }
    return sum;
  }

  private static int distinct(HashedNGramFeaturizer f, String text) {
    int n = 0;
    for (float x : f.featurize(Q, Completion.of(text)).toDense()) {
      if (x != 0) {
        n++;
      }
    }
    return n;
  }

  @Test
  void japaneseClauseIsSeventeenBigramsNotOneToken() {
    String clause = "ご不便をおかけして申し訳ございません";
    // 18 characters give 17 overlapping bigrams, all different
    assertEquals(17.0, tokenCount(counting(WordSplitting.SCRIPT_AWARE), clause));
    assertEquals(17, distinct(counting(WordSplitting.SCRIPT_AWARE), clause));
    // the earlier splitting: the whole clause is one token
    assertEquals(1.0, tokenCount(counting(WordSplitting.LETTER_DIGIT_RUNS), clause));
  }

  @Test
  void sharedWordsShareFeaturesAcrossJapaneseSentences() {
    HashedNGramFeaturizer f = counting(WordSplitting.SCRIPT_AWARE);
    FeatureVector a = f.featurize(Q, Completion.of("返金の手続きをいたします"));
    FeatureVector b = f.featurize(Q, Completion.of("配送の手続きを確認します"));
    // common bigrams: の手, 手続, 続き, きを (from の手続きを) and しま, ます (from します)
    assertEquals(6.0, a.dot(b.toDense(), 0));
    HashedNGramFeaturizer old = counting(WordSplitting.LETTER_DIGIT_RUNS);
    assertEquals(0.0, old.featurize(Q, Completion.of("返金の手続きをいたします"))
        .dot(old.featurize(Q, Completion.of("配送の手続きを確認します")).toDense(), 0));
  }

  @Test
  void emojiIsOneTokenAndDevanagariWordsKeepTheirVowelSigns() {
    assertEquals(2.0, tokenCount(counting(WordSplitting.SCRIPT_AWARE), "ok \uD83D\uDC4D"));
    assertEquals(3.0, tokenCount(counting(WordSplitting.LETTER_DIGIT_RUNS), "ok \uD83D\uDC4D"));
    // नमस्ते has a virama and a vowel sign (Mn): one word here, four pieces under letter-or-digit runs
    assertEquals(1.0, tokenCount(counting(WordSplitting.SCRIPT_AWARE), "नमस्ते"));
    assertTrue(tokenCount(counting(WordSplitting.LETTER_DIGIT_RUNS), "नमस्ते") > 1);
  }

  /** On Latin text the two splittings give identical features, so English models keep their meaning. */
  @Test
  void latinTextHasTheSameFeaturesUnderBothSplittings() {
    for (String text : List.of("The quick brown fox, jumps!", "Café naïve über 42 {\"a\": [1, 2]}", "",
        "don't stop -- e-mail me @ 9am; ok?", "  spaced\tout\n")) {
      for (int seed : new int[] {0, 5}) {
        HashedNGramFeaturizer scriptAware = HashedNGramFeaturizer.builder().dimension(1 << 12).seed(seed).build();
        HashedNGramFeaturizer letterRuns = HashedNGramFeaturizer.builder().dimension(1 << 12).seed(seed)
            .wordSplitting(WordSplitting.LETTER_DIGIT_RUNS).build();
        assertEquals(letterRuns.featurize(Q, Completion.of(text)), scriptAware.featurize(Q, Completion.of(text)), text);
      }
    }
  }

  @Test
  void splittingIsPartOfTheSettingsAndTheDescription() {
    HashedNGramFeaturizer def = HashedNGramFeaturizer.builder().build();
    assertEquals(WordSplitting.SCRIPT_AWARE, def.settings().wordSplitting());
    HashedNGramFeaturizer old = HashedNGramFeaturizer.builder().wordSplitting(WordSplitting.LETTER_DIGIT_RUNS).build();
    assertEquals(old.settings(), HashedNGramFeaturizer.of(old.settings()).settings());
    assertNotEquals(def.describe(), old.describe());
    assertTrue(old.describe().contains("splitting=letter_digit_runs"), old.describe());
  }
}
