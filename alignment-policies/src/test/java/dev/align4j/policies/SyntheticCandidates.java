package dev.align4j.policies;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test fixture: prompts {@code "p<i>"}, each with k candidates {@code "p<i>-c<j>"}, whose features are standard
 * Gaussian vectors drawn from a generator seeded by the texts (so they are a pure function of prompt and candidate).
 */
public final class SyntheticCandidates {
  public final int dimension;
  public final int k;
  private final long seed;

  public SyntheticCandidates(int dimension, int k, long seed) {
    this.dimension = dimension;
    this.k = k;
    this.seed = seed;
  }

  public Prompt prompt(int i) {
    return Prompt.of("p" + i);
  }

  public List<Completion> candidates(Prompt prompt) {
    List<Completion> out = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      out.add(Completion.of(prompt.text() + "-c" + j));
    }
    return out;
  }

  public double[] features(Prompt prompt, Completion candidate) {
    SplittableRandom r = new SplittableRandom(seed * 31 + (prompt.text() + "|" + candidate.text()).hashCode());
    double[] f = new double[dimension];
    for (int j = 0; j < dimension; j++) {
      f[j] = r.nextGaussian();
    }
    return f;
  }

  public LogLinearPolicy.Builder policyBuilder() {
    return LogLinearPolicy.builder().dimension(dimension).featurizer(this::features).candidates(this::candidates);
  }

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  public static double cosine(double[] a, double[] b) {
    return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
  }
}
