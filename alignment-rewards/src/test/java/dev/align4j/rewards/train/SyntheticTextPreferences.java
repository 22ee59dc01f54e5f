package dev.align4j.rewards.train;

import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.math.StableMath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded, vocabulary-level synthetic text preferences: a vocabulary of pseudo-words drawn with Zipf frequencies
 * ({@code P(rank k) ∝ 1/k^s}), a hidden weight per word ({@code N(0, σ²)}), responses of varying length, and
 * Bradley–Terry labels {@code P(a ≻ b) = σ(r(a) − r(b))} where {@code r} is the sum of the weights of the response's
 * words. A logistic regression on word-count differences is the correctly specified model of these labels, which
 * makes it the natural reference for a text reward model.
 */
final class SyntheticTextPreferences {
  static final Prompt PROMPT = Prompt.of("Answer the customer.");
  private static final Provenance WHO = Provenance.human("simulated", Instant.EPOCH);

  final String[] words;
  final double[] weight;
  private final double[] cdf;
  private final double lengthExponent;

  /**
   * @param vocabulary the number of distinct words
   * @param zipf the Zipf exponent s
   * @param weightSd σ, the standard deviation of the hidden word weights
   * @param seed the seed of the vocabulary and the weights
   */
  SyntheticTextPreferences(int vocabulary, double zipf, double weightSd, long seed) {
    this(vocabulary, zipf, weightSd, seed, 0);
  }

  /**
   * Like the four-argument constructor, but the reward is {@code Σ weights · (50/L)^e} for a response of L words:
   * {@code e = 0} is the summed reward, {@code e = 1} a per-word mean (scaled to the sum's size at 50 words), for
   * preferences that should not grow with length.
   */
  SyntheticTextPreferences(int vocabulary, double zipf, double weightSd, long seed, double lengthExponent) {
    this.lengthExponent = lengthExponent;
    SplittableRandom r = new SplittableRandom(seed);
    words = new String[vocabulary];
    weight = new double[vocabulary];
    cdf = new double[vocabulary];
    double total = 0;
    for (int k = 0; k < vocabulary; k++) {
      words[k] = pseudoWord(k);
      weight[k] = weightSd * r.nextGaussian();
      total += Math.pow(k + 1, -zipf);
      cdf[k] = total;
    }
    for (int k = 0; k < vocabulary; k++) {
      cdf[k] /= total;
    }
  }

  /** Letters only, distinct per rank, 3–7 characters (e.g. "bakeli"), so that each is exactly one token. */
  private static String pseudoWord(int k) {
    String consonants = "bdfgklmnprstvz";
    String vowels = "aeiou";
    StringBuilder sb = new StringBuilder();
    int x = k;
    do {
      sb.append(consonants.charAt(x % consonants.length()));
      x /= consonants.length();
      sb.append(vowels.charAt(x % vowels.length()));
      x /= vowels.length();
    } while (x > 0);
    if (sb.length() < 3) {
      sb.append('n');
    }
    return sb.toString();
  }

  /** One labelled pair: the texts, the word ids of each side, the true preference probability and the label. */
  record Pair(Completion a, Completion b, int[] wordsA, int[] wordsB, double probabilityA, boolean aWins) {
    PairwiseComparison toComparison() {
      return aWins
          ? PairwiseComparison.preferring(PROMPT, a, b, WHO)
          : PairwiseComparison.preferring(PROMPT, b, a, WHO);
    }

    /** +1 when the label prefers a, −1 otherwise. */
    int label() {
      return aWins ? 1 : -1;
    }
  }

  /** {@code n} pairs with lengths uniform in [minLength, maxLength], from {@code seed}. */
  List<Pair> sample(int n, int minLength, int maxLength, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Pair> out = new ArrayList<>(n);
    while (out.size() < n) {
      int[] wa = response(r, minLength + r.nextInt(maxLength - minLength + 1));
      int[] wb = response(r, minLength + r.nextInt(maxLength - minLength + 1));
      Completion a = text(wa);
      Completion b = text(wb);
      double p = StableMath.sigmoid(reward(wa) - reward(wb));
      boolean aWins = r.nextDouble() < p;
      if (a.text().equals(b.text())) {
        continue;
      }
      out.add(new Pair(a, b, wa, wb, p, aWins));
    }
    return out;
  }

  double reward(int[] ids) {
    double s = 0;
    for (int id : ids) {
      s += weight[id];
    }
    return lengthExponent == 0 ? s : s * Math.pow(50.0 / ids.length, lengthExponent);
  }

  private int[] response(SplittableRandom r, int length) {
    int[] ids = new int[length];
    for (int i = 0; i < length; i++) {
      double u = r.nextDouble();
      int lo = 0;
      int hi = cdf.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] < u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      ids[i] = lo;
    }
    return ids;
  }

  /** Words separated by spaces, a full stop every 12 words, capitalised sentence starts (text-like). */
  private Completion text(int[] ids) {
    StringBuilder sb = new StringBuilder(ids.length * 6);
    for (int i = 0; i < ids.length; i++) {
      String w = words[ids[i]];
      if (i > 0) {
        sb.append(i % 12 == 0 ? ". " : " ");
      }
      sb.append(i % 12 == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
    }
    return Completion.of(sb.append('.').toString());
  }
}
