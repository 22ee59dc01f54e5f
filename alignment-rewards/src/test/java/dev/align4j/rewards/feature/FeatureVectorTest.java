package dev.align4j.rewards.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class FeatureVectorTest {

  @Property(trials = 100)
  void sparseAndDenseAgreeAndMatchTheScalarKernel(Gen gen) {
    int d = gen.intIn(1, 300);
    float[] dense = new float[d];
    int nnz = 0;
    for (int i = 0; i < d; i++) {
      if (gen.random().nextInt(4) == 0) {
        dense[i] = (float) gen.gaussian();
        nnz++;
      }
    }
    int[] idx = new int[nnz];
    float[] val = new float[nnz];
    for (int i = 0, k = 0; i < d; i++) {
      if (dense[i] != 0) {
        idx[k] = i;
        val[k++] = dense[i];
      }
    }
    FeatureVector sv = FeatureVector.sparse(d, idx, val);
    FeatureVector dv = FeatureVector.dense(dense);
    float[] w = new float[d];
    for (int i = 0; i < d; i++) {
      w[i] = (float) gen.gaussian();
    }
    double scalar = Kernels.scalar().dot(dense, 0, w, 0, d);
    assertEquals(scalar, dv.dot(w, 0), 1e-4 * Math.max(1, Math.abs(scalar)));
    assertEquals(scalar, sv.dot(w, 0), 1e-4 * Math.max(1, Math.abs(scalar)));
    float[] a = new float[d];
    float[] b = new float[d];
    sv.addScaledTo(0.5f, a, 0);
    dv.addScaledTo(0.5f, b, 0);
    assertArrayEquals(a, b, 1e-6f);
    assertArrayEquals(dense, sv.toDense());
  }

  @Test
  void invalidVectorsAreRefusedWithTheComponent() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> FeatureVector.sparse(5, new int[] {3, 1}, new float[] {1, 1}));
    assertTrue(e.getMessage().contains("indices[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> FeatureVector.sparse(5, new int[] {1, 5}, new float[] {1, 1}));
    assertTrue(e.getMessage().contains("was 5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> FeatureVector.sparse(5, new int[] {2}, new float[] {Float.POSITIVE_INFINITY}));
    assertTrue(e.getMessage().contains("features[2]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FeatureVector.dense(new double[] {1e300}));
    assertTrue(e.getMessage().contains("features[0]"), e.getMessage());
  }

  @Test
  void embeddingFeaturizerChecksEveryVector() {
    EmbeddingFeaturizer nan = EmbeddingFeaturizer.of("bad", 2, t -> new float[] {0f, Float.NaN});
    var e = assertThrows(IllegalArgumentException.class, () -> nan.featurize(Prompt.of("q"), Completion.of("a")));
    assertTrue(e.getMessage().contains("'bad'") && e.getMessage().contains("features[1]"), e.getMessage());
    EmbeddingFeaturizer wrong = EmbeddingFeaturizer.of("short", 3, t -> new float[2]);
    e = assertThrows(IllegalArgumentException.class, () -> wrong.featurize(Prompt.of("q"), Completion.of("a")));
    assertTrue(e.getMessage().contains("dimension 3, returned 2"), e.getMessage());
    String[] seen = new String[1];
    EmbeddingFeaturizer withPrompt = EmbeddingFeaturizer.withPrompt("echo", 1, t -> {
      seen[0] = t;
      return new float[] {t.length()};
    });
    assertEquals(withPrompt.featurize(Prompt.of("q"), Completion.of("a")).get(0), "q\n\na".length());
    assertEquals("q\n\na", seen[0]);
  }
}
