package dev.align4j.benchmarks.rewards;

import dev.align4j.core.math.StableMath;
import dev.align4j.core.text.Completion;
import java.util.SplittableRandom;

/**
 * Seeded synthetic completions over a vocabulary of pseudo-words, each with a hidden quality weight: the true reward
 * of a completion is the mean weight of its words, and preferences are drawn from a Bradley–Terry model on it.
 */
public final class SyntheticCorpus {
  private final String[] words;
  private final double[] quality;
  private final SplittableRandom random;

  public SyntheticCorpus(int vocabulary, long seed) {
    random = new SplittableRandom(seed);
    words = new String[vocabulary];
    quality = new double[vocabulary];
    for (int i = 0; i < vocabulary; i++) {
      words[i] = "w" + Integer.toString(i, 36) + (char) ('a' + i % 26);
      quality[i] = random.nextGaussian();
    }
  }

  /** A completion of {@code length} words; {@code out[0]} receives its true reward. */
  public Completion completion(int length, double[] out) {
    StringBuilder sb = new StringBuilder(length * 6);
    double q = 0;
    for (int i = 0; i < length; i++) {
      int w = random.nextInt(words.length);
      if (i > 0) {
        sb.append(i % 17 == 16 ? ". " : " ");
      }
      sb.append(words[w]);
      q += quality[w];
    }
    out[0] = 4 * q / Math.sqrt(length);
    return Completion.of(sb.toString());
  }

  /** Whether the first completion wins, drawn from σ(r_a − r_b). */
  public boolean firstWins(double ra, double rb) {
    return random.nextDouble() < StableMath.sigmoid(ra - rb);
  }

  public int nextLength(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }
}
