package dev.align4j.rewards.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional Kuromoji featurizer (Lucene's Japanese analyzer is a test dependency of this module). */
class KuromojiFeaturizerTest {
  private static final Prompt Q = Prompt.of("q");

  @Test
  void morphemesAreDictionaryWords() {
    assertTrue(KuromojiFeaturizer.isAvailable());
    KuromojiFeaturizer k = KuromojiFeaturizer.create();
    // IPADIC's segmentation of the clause from issue #11 (one token under letter-or-digit runs)
    assertEquals(List.of("ご", "不便", "を", "おかけ", "し", "て", "申し訳", "ござい", "ませ", "ん", "。"),
        k.tokens("ご不便をおかけして申し訳ございません。"));
    assertEquals(List.of("Java", "17", "で", "動き", "ます"), k.tokens("Java 17 で動きます"));
  }

  @Test
  void featuresAreTheHashedFeaturesOfTheMorphemes() {
    HashedNGramFeaturizer.Settings counting = HashedNGramFeaturizer.builder().dimension(1 << 20).wordNgrams(1, 1)
        .signed(false).sublinearTf(false).l2Normalize(false).build().settings();
    KuromojiFeaturizer k = KuromojiFeaturizer.of(counting, false);
    float[] v = k.featurize(Q, Completion.of("返金の手続きをいたします")).toDense();
    double sum = 0;
    for (float x : v) {
      sum += x;
    }
    assertEquals(6.0, sum); // 返金 の 手続き を いたし ます
    // the same vector as hashing the space-separated morphemes as words
    HashedNGramFeaturizer words = HashedNGramFeaturizer.of(new HashedNGramFeaturizer.Settings(1 << 20, 1, 1, 0, 0,
        true, false, false, false, false, 0, HashedNGramFeaturizer.WordSplitting.LETTER_DIGIT_RUNS));
    assertEquals(words.featurize(Q, Completion.of("返金 の 手続き を いたし ます")),
        k.featurize(Q, Completion.of("返金の手続きをいたします")));
  }

  @Test
  void fusedDotMatchesTheVectorAndTheDescriptionNamesTheAnalyzer() {
    KuromojiFeaturizer k = KuromojiFeaturizer.create();
    float[] w = new float[k.dimension()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.sin(i);
    }
    Completion c = Completion.of("ご注文の商品を本日発送いたしました。");
    assertEquals(k.featurize(Q, c).dot(w, 0), k.dot(Q, c, w, 0), 1e-6);
    assertTrue(k.describe().startsWith("KuromojiFeaturizer(mode=normal, HashedNGramFeaturizer("), k.describe());
  }

  /**
   * Without Lucene on the path the class still loads, reports itself unavailable and refuses to build with a message
   * naming the dependency; nothing of Lucene is touched. Loaded here by a class loader that sees align4j's classes
   * but not Lucene's.
   */
  @Test
  void withoutLuceneTheFactoriesSayWhatToAdd() throws Exception {
    URL[] urls = {
        KuromojiFeaturizer.class.getProtectionDomain().getCodeSource().getLocation(),
        Require.class.getProtectionDomain().getCodeSource().getLocation()};
    try (URLClassLoader noLucene = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      Class<?> c = Class.forName(KuromojiFeaturizer.class.getName(), true, noLucene);
      assertEquals(false, c.getMethod("isAvailable").invoke(null));
      InvocationTargetException e = assertThrows(InvocationTargetException.class,
          () -> c.getMethod("create").invoke(null));
      assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
      assertTrue(e.getCause().getMessage().contains("org.apache.lucene:lucene-analysis-kuromoji:9.12.3"),
          e.getCause().getMessage());
    }
  }
}
