package dev.align4j.rewards.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class HashedNGramFeaturizerTest {
  private static final Prompt Q = Prompt.of("question");

  @Property(trials = 200)
  void fusedDotEqualsDotOfTheFeatureVectorAndVectorsAreUnitLength(Gen gen) {
    int chars = gen.oneOf(0, 2);
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(gen.oneOf(1, 7, 64, 1024))
        .wordNgrams(1, gen.intIn(1, 3)).charNgrams(chars, chars == 0 ? 0 : chars + 2).signed(gen.bool())
        .sublinearTf(gen.bool()).includePrompt(gen.bool()).l2Normalize(true).build();
    Completion c = Completion.of(gen.text(40));
    FeatureVector v = f.featurize(Q, c);
    assertEquals(f.dimension(), v.dimension());
    float[] w = new float[f.dimension() + 3];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) gen.gaussian();
    }
    double expected = 0;
    float[] dense = v.toDense();
    for (int i = 0; i < dense.length; i++) {
      expected += dense[i] * w[i + 3];
    }
    assertEquals(expected, f.dot(Q, c, w, 3), 1e-5 * Math.max(1, Math.abs(expected)), () -> "at " + gen);
    double norm = v.squaredNorm();
    assertTrue(norm == 0 || Math.abs(norm - 1) < 1e-5, () -> "squared norm " + norm);
  }

  @Test
  void deterministicCaseInsensitiveAndOrderSensitiveThroughBigrams() {
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(1 << 12).wordNgrams(1, 2).build();
    FeatureVector a = f.featurize(Q, Completion.of("The quick brown fox"));
    assertEquals(a, f.featurize(Q, Completion.of("The quick brown fox")));
    assertEquals(a, HashedNGramFeaturizer.builder().dimension(1 << 12).wordNgrams(1, 2).build()
        .featurize(Q, Completion.of("the QUICK brown fox")));
    assertNotEquals(a, f.featurize(Q, Completion.of("fox brown quick The")));
    HashedNGramFeaturizer unigrams = HashedNGramFeaturizer.builder().dimension(1 << 12).wordNgrams(1, 1).build();
    assertEquals(unigrams.featurize(Q, Completion.of("a b c")), unigrams.featurize(Q, Completion.of("c b a")));
  }

  @Test
  void punctuationCountsAndPromptIsIgnoredUnlessAsked() {
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(1 << 12).build();
    assertNotEquals(f.featurize(Q, Completion.of("ok")), f.featurize(Q, Completion.of("ok!")));
    assertEquals(f.featurize(Prompt.of("x"), Completion.of("ok")), f.featurize(Prompt.of("y"), Completion.of("ok")));
    HashedNGramFeaturizer p = HashedNGramFeaturizer.builder().dimension(1 << 12).includePrompt(true).build();
    assertNotEquals(p.featurize(Prompt.of("x"), Completion.of("ok")), p.featurize(Prompt.of("y"), Completion.of("ok")));
  }

  @Test
  void emptyCompletionIsTheZeroVector() {
    FeatureVector v = HashedNGramFeaturizer.builder().build().featurize(Q, Completion.of("   "));
    assertEquals(0, v.storedCount());
    assertEquals(0.0, v.squaredNorm());
  }

  @Test
  void sublinearDampingOfRepeats() {
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(1 << 16).wordNgrams(1, 1).signed(false)
        .sublinearTf(true).l2Normalize(false).build();
    FeatureVector v = f.featurize(Q, Completion.of("spam spam spam spam"));
    assertEquals(1, v.storedCount());
    assertEquals(1 + Math.log(4), v.valueAt(0), 1e-6);
  }

  @Test
  void settingsRoundTrip() {
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(99).wordNgrams(1, 3).charNgrams(2, 4)
        .seed(5).build();
    assertEquals(f.describe(), HashedNGramFeaturizer.of(f.settings()).describe());
    assertEquals(f.featurize(Q, Completion.of("abc def")),
        HashedNGramFeaturizer.of(f.settings()).featurize(Q, Completion.of("abc def")));
  }

  @Test
  void builderRefusesBadSettings() {
    var e = assertThrows(IllegalArgumentException.class, () -> HashedNGramFeaturizer.builder().dimension(0));
    assertTrue(e.getMessage().contains("dimension") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> HashedNGramFeaturizer.builder().wordNgrams(3, 2));
    assertTrue(e.getMessage().contains("wordNgrams") && e.getMessage().contains("3..2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> HashedNGramFeaturizer.builder().wordNgrams(0, 0).charNgrams(0, 0).build());
    assertTrue(e.getMessage().contains("both be off"), e.getMessage());
  }
}
