package dev.align4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of test inputs for property tests: doubles in ranges with their edges, log-probabilities, token
 * lengths, arrays of them, and texts for prompts and completions. Same seed, same values.
 *
 * <p>Edge-biased trials (the first tenth under {@link Property}) return boundary values (range ends, 0, −0, values
 * next to the ends, extreme magnitudes) about half of the time; other trials about one time in ten.
 */
public final class Gen {
  private static final String[] WORDS = {
    "the", "a", "model", "answer", "please", "thanks", "sorry", "no", "yes", "data", "reward", "policy", "safe",
    "help", "kind", "rude", "quick", "slow", "fox", "dog", "json", "{", "}", "42", "3.14", "é", "日本", "🙂", "\n", "\"",
  };

  private final long seed;
  private final int trial;
  private final double edgeProbability;
  private final SplittableRandom random;

  /**
   * @param seed the seed
   * @param trial the trial index (for the display name)
   * @param edgeTrials trials below this index are edge-biased
   */
  public Gen(long seed, int trial, int edgeTrials) {
    this.seed = seed;
    this.trial = trial;
    this.edgeProbability = trial < edgeTrials ? 0.5 : 0.1;
    this.random = new SplittableRandom(seed);
  }

  /** A generator for {@code seed} outside of {@link Property} (not edge-biased beyond the baseline). */
  public static Gen of(long seed) {
    return new Gen(seed, 0, 0);
  }

  /** The SplitMix64 finaliser: spreads nearby seeds far apart. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** This trial's seed. */
  public long seed() {
    return seed;
  }

  /** This trial's index. */
  public int trial() {
    return trial;
  }

  /** Whether this trial favours edge values. */
  public boolean isEdgeBiased() {
    return edgeProbability > 0.2;
  }

  /** The underlying random source (seeded with {@link #seed()}). */
  public SplittableRandom random() {
    return random;
  }

  private boolean edge() {
    return random.nextDouble() < edgeProbability;
  }

  /** A uniform double in [lo, hi). */
  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  /** A double in [lo, hi], edge-biased towards lo, hi, their neighbours and 0 (when inside). */
  public double doubleIn(double lo, double hi) {
    if (edge()) {
      List<Double> edges = new ArrayList<>(List.of(lo, hi, Math.nextUp(lo), Math.nextDown(hi)));
      if (lo <= 0 && hi >= 0) {
        edges.add(0.0);
        edges.add(-0.0);
      }
      return clamp(edges.get(random.nextInt(edges.size())), lo, hi);
    }
    if (lo > 0 && hi / lo > 1e3) {
      return clamp(Math.exp(uniform(Math.log(lo), Math.log(hi))), lo, hi);
    }
    return clamp(uniform(lo, hi), lo, hi);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.min(hi, Math.max(lo, v));
  }

  /** A standard normal draw. */
  public double gaussian() {
    return random.nextGaussian();
  }

  /** A normal draw with the given mean and standard deviation. */
  public double gaussian(double mean, double sd) {
    return mean + sd * random.nextGaussian();
  }

  /**
   * Any finite double, spread over magnitudes from 1e-300 to 1e300 (log-uniform) with both signs; edges are 0, ±1,
   * ±MAX_VALUE and ±MIN_VALUE.
   */
  public double finiteDouble() {
    if (edge()) {
      double[] e = {0.0, -0.0, 1, -1, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE,
          1e300, -1e300, 745, -745, 36, -36};
      return e[random.nextInt(e.length)];
    }
    double mag = Math.pow(10, uniform(-300, 300));
    return random.nextBoolean() ? mag : -mag;
  }

  /** A moderate double in [−bound, bound], half of the time small (|x| {@literal <} 1). */
  public double moderate(double bound) {
    if (random.nextBoolean()) {
      return doubleIn(-Math.min(1, bound), Math.min(1, bound));
    }
    return doubleIn(-bound, bound);
  }

  /**
   * A log-probability in [min, 0]: log-uniform magnitudes from 1e-6 to |min| most of the time; edges 0, −tiny and
   * min.
   */
  public double logProb(double min) {
    if (!(min < 0)) {
      throw new IllegalArgumentException("min must be < 0, was " + min);
    }
    if (edge()) {
      double[] e = {0.0, -1e-12, min, min / 2, -1.0};
      return Math.max(min, e[random.nextInt(e.length)]);
    }
    double mag = Math.exp(uniform(Math.log(1e-6), Math.log(-min)));
    return -Math.min(mag, -min);
  }

  /** {@code n} log-probabilities in [min, 0]. */
  public double[] logProbs(int n, double min) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = logProb(min);
    }
    return out;
  }

  /** A uniform int in [lo, hi] (inclusive). */
  public int intIn(int lo, int hi) {
    if (edge()) {
      return random.nextBoolean() ? lo : hi;
    }
    return lo + random.nextInt(hi - lo + 1);
  }

  /** A token count in [1, max], log-uniform (short and long completions equally likely per decade). */
  public int length(int max) {
    if (edge()) {
      return random.nextBoolean() ? 1 : max;
    }
    return (int) Math.max(1, Math.min(max, Math.round(Math.exp(uniform(0, Math.log(max))))));
  }

  /** {@code n} token counts in [1, max]. */
  public int[] lengths(int n, int max) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = length(max);
    }
    return out;
  }

  /** {@code n} uniform doubles in [lo, hi). */
  public double[] uniforms(int n, double lo, double hi) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = uniform(lo, hi);
    }
    return out;
  }

  /** {@code n} standard normal draws. */
  public double[] gaussians(int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextGaussian();
    }
    return out;
  }

  /** A boolean. */
  public boolean bool() {
    return random.nextBoolean();
  }

  /** One of the given values. */
  @SafeVarargs
  public final <T> T oneOf(T... values) {
    return values[random.nextInt(values.length)];
  }

  /**
   * A text of 1 to {@code maxWords} words from a small vocabulary that includes non-ASCII letters, an emoji, braces,
   * quotes and a newline (the characters that break naive JSON and tokenizers).
   */
  public String text(int maxWords) {
    int n = 1 + random.nextInt(Math.max(1, maxWords));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  /** A multi-turn conversation as alternating user / assistant texts, ending with a user turn. */
  public List<String> conversation(int maxTurns, int maxWords) {
    int turns = 1 + 2 * random.nextInt(Math.max(1, (maxTurns + 1) / 2));
    List<String> out = new ArrayList<>(turns);
    for (int i = 0; i < turns; i++) {
      out.add(text(maxWords));
    }
    return out;
  }

  @Override
  public String toString() {
    return "seed=" + seed + " (replay: -D" + GenArgumentsProvider.SEED_PROPERTY + "=" + seed + ")";
  }
}
