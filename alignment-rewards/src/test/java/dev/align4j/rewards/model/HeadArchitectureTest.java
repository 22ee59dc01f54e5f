package dev.align4j.rewards.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.FeatureVector;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class HeadArchitectureTest {

  @Property(trials = 60)
  void backwardMatchesCentralFiniteDifferences(Gen gen) {
    HeadArchitecture a = gen.bool() ? HeadArchitecture.linear() : HeadArchitecture.mlp(gen.intIn(1, 5));
    int d = gen.intIn(1, 12);
    float[] x = new float[d];
    for (int i = 0; i < d; i++) {
      x[i] = gen.bool() ? (float) gen.gaussian() : 0f;
    }
    FeatureVector v = gen.bool() ? FeatureVector.dense(x) : sparse(x);
    float[] p = new float[a.parameterCount(d)];
    a.initialize(p, d, RandomGeneratorFactory.of("SplittableRandom").create(gen.seed()));
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (0.3 * gen.gaussian());
    }
    float[] ws = new float[a.workspaceSize()];
    a.forward(p, v, ws);
    float[] grad = new float[p.length];
    double dScore = gen.doubleIn(-2, 2);
    a.backward(p, v, ws, dScore, grad);
    for (int i = 0; i < p.length; i++) {
      float h = 1e-2f;
      float old = p[i];
      p[i] = old + h;
      double plus = a.forward(p, v, new float[a.workspaceSize()]);
      p[i] = old - h;
      double minus = a.forward(p, v, new float[a.workspaceSize()]);
      p[i] = old;
      double fd = dScore * (plus - minus) / (2 * h);
      assertEquals(fd, grad[i], 2e-3 * Math.max(1, Math.abs(fd)), "parameter " + i + " of " + a.name() + " at " + gen);
    }
  }

  private static FeatureVector sparse(float[] x) {
    int n = 0;
    for (float f : x) {
      if (f != 0) {
        n++;
      }
    }
    int[] idx = new int[n];
    float[] val = new float[n];
    for (int i = 0, k = 0; i < x.length; i++) {
      if (x[i] != 0) {
        idx[k] = i;
        val[k++] = x[i];
      }
    }
    return FeatureVector.sparse(x.length, idx, val);
  }

  @Test
  void fusedLinearScoringEqualsHeadScoring() {
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(128).build();
    float[] p = new float[129];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) Math.sin(i);
    }
    FeatureRewardModel m = new FeatureRewardModel(f, new RewardHead(HeadArchitecture.linear(), 128, p));
    Prompt q = Prompt.of("q");
    Completion c = Completion.of("a reasonably long answer with several words and words again");
    assertEquals(m.head().score(f.featurize(q, c)), m.score(q, c), 1e-5);
  }

  @Test
  void mismatchedDimensionsAndBadParametersAreRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> new FeatureRewardModel(
        HashedNGramFeaturizer.builder().dimension(8).build(), new RewardHead(HeadArchitecture.linear(), 4, new float[5])));
    assertTrue(e.getMessage().contains("8") && e.getMessage().contains("4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new RewardHead(HeadArchitecture.linear(), 2, new float[] {0, Float.NaN, 0}));
    assertTrue(e.getMessage().contains("parameters[1]"), e.getMessage());
    RewardHead h = new RewardHead(HeadArchitecture.linear(), 2, new float[3]);
    e = assertThrows(IllegalArgumentException.class, () -> h.score(FeatureVector.dense(new float[3])));
    assertTrue(e.getMessage().contains("must be 2"), e.getMessage());
  }
}
