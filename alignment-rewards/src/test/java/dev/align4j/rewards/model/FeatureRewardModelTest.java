package dev.align4j.rewards.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.FeatureDimensionException;
import dev.align4j.rewards.feature.FeatureVector;
import dev.align4j.rewards.feature.Featurizer;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.train.TrainingSet;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureRewardModelTest {
  private static final Prompt Q = Prompt.of("q");
  private static final Completion Y = Completion.of("an answer");

  /** A featurizer that declares one dimension and returns vectors of another (a common integration bug). */
  private static Featurizer lying(int declared, int returned, boolean sparse) {
    return new Featurizer() {
      @Override
      public int dimension() {
        return declared;
      }

      @Override
      public FeatureVector featurize(Prompt prompt, Completion completion) {
        if (sparse) {
          return FeatureVector.sparse(returned, new int[] {returned - 1}, new float[] {1f});
        }
        float[] x = new float[returned];
        Arrays.fill(x, 1f);
        return FeatureVector.dense(x);
      }

      @Override
      public String describe() {
        return "LyingFeaturizer(declares " + declared + ")";
      }
    };
  }

  private static FeatureRewardModel model(Featurizer f, HeadArchitecture a) {
    int d = f.dimension();
    float[] p = new float[a.parameterCount(d)];
    for (int i = 0; i < p.length; i++) {
      p[i] = 0.01f * (i + 1);
    }
    return new FeatureRewardModel(f, new RewardHead(a, d, p));
  }

  @ParameterizedTest(name = "declares {0}, returns {1}, sparse {2}, {3}")
  @CsvSource({
      "16, 8, false, linear", "16, 8, true, linear", "16, 32, false, linear", "16, 32, true, linear",
      "16, 8, false, mlp", "16, 8, true, mlp", "16, 32, false, mlp", "16, 32, true, mlp",
      "16, 17, false, linear", "16, 15, true, linear", "1, 2, false, linear"})
  void aFeaturizerThatBreaksItsDeclaredDimensionIsRefusedAtScoringTime(int declared, int returned, boolean sparse,
      String head) {
    HeadArchitecture a = head.equals("mlp") ? HeadArchitecture.mlp(3) : HeadArchitecture.linear();
    FeatureRewardModel m = model(lying(declared, returned, sparse), a);
    FeatureDimensionException e = assertThrows(FeatureDimensionException.class, () -> m.score(Q, Y));
    String msg = e.getMessage();
    assertTrue(msg.contains("LyingFeaturizer(declares " + declared + ")"), msg);
    assertTrue(msg.contains("declares dimension " + declared), msg);
    assertTrue(msg.contains("dimension " + returned), msg);
    assertEquals(declared, e.expected());
    assertEquals(returned, e.actual());
    assertEquals("LyingFeaturizer(declares " + declared + ")", e.featurizer());
  }

  @Test
  void theDefaultDotAndTrainingRefuseTheSameWay() {
    Featurizer shorter = lying(16, 8, true);
    FeatureDimensionException e = assertThrows(FeatureDimensionException.class,
        () -> shorter.dot(Q, Y, new float[17], 0));
    assertEquals(16, e.expected());
    assertEquals(8, e.actual());
    Featurizer longer = lying(16, 32, false);
    e = assertThrows(FeatureDimensionException.class, () -> TrainingSet.builder(longer)
        .addBinary(new BinaryLabel(Q, Y, true, Provenance.human("t", Instant.EPOCH))));
    assertTrue(e.getMessage().contains("binary[0]") && e.getMessage().contains("declares dimension 16")
        && e.getMessage().contains("dimension 32"), e.getMessage());
  }

  @Test
  void aFeaturizerThatKeepsItsDimensionScoresAsTheHeadDoes() {
    Featurizer honest = lying(16, 16, false);
    for (HeadArchitecture a : new HeadArchitecture[] {HeadArchitecture.linear(), HeadArchitecture.mlp(3)}) {
      FeatureRewardModel m = model(honest, a);
      assertEquals(m.head().score(honest.featurize(Q, Y)), m.score(Q, Y), 1e-6);
    }
  }

  @Test
  void aHeadOfAnotherDimensionIsAConfigurationErrorNamingBothSizes() {
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(16).build();
    RewardHead head = new RewardHead(HeadArchitecture.linear(), 8, new float[9]);
    FeatureDimensionException e = assertThrows(FeatureDimensionException.class,
        () -> new FeatureRewardModel(f, head));
    assertTrue(e.getMessage().contains("dimension=16") && e.getMessage().contains("8"), e.getMessage());
    assertEquals(8, e.expected());
    assertEquals(16, e.actual());
  }

  /** The hashed featurizer's fused scoring path (no vector built) agrees with featurize-then-head. */
  @Property(trials = 40)
  void fusedHashedScoringEqualsTheMaterialisedVector(Gen gen) {
    int d = gen.intIn(1, 300);
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(d).build();
    float[] p = new float[d + 1];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) gen.gaussian();
    }
    FeatureRewardModel m = new FeatureRewardModel(f, new RewardHead(HeadArchitecture.linear(), d, p));
    StringBuilder text = new StringBuilder();
    for (int i = 0, n = gen.intIn(0, 30); i < n; i++) {
      text.append("w").append(gen.intIn(0, 50)).append(gen.bool() ? " " : ", ");
    }
    Completion c = Completion.of(text.toString());
    assertEquals(m.head().score(f.featurize(Q, c)), m.score(Q, c), 1e-5, gen.toString());
  }
}
