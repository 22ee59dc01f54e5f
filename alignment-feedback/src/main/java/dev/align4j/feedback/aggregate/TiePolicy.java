package dev.align4j.feedback.aggregate;

import dev.align4j.core.check.Require;
import java.nio.charset.StandardCharsets;

/**
 * How an aggregator breaks a tie between equally supported labels. Every policy is deterministic: the seeded policy
 * derives its choice from a hash of (seed, item id), so the result does not depend on the order items are processed
 * in or on other items — unlike Argilla's unseeded {@code random.choice}.
 */
@FunctionalInterface
public interface TiePolicy {
  /** Returned by {@link #abstain()}: no label. */
  int NO_LABEL = -1;

  /**
   * Chooses among tied labels.
   *
   * @param item the item id
   * @param tied the tied labels in ascending order (at least 2)
   * @return one of {@code tied}, or {@link #NO_LABEL}
   */
  int choose(String item, int[] tied);

  /** A seeded pseudo-random choice per item (SplitMix64 of the seed and the item id's UTF-8 bytes). */
  static TiePolicy seeded(long seed) {
    return (item, tied) -> {
      long h = seed;
      for (byte b : item.getBytes(StandardCharsets.UTF_8)) {
        h = mix(h ^ (b & 0xff));
      }
      return tied[(int) Long.remainderUnsigned(mix(h), tied.length)];
    };
  }

  /** The lowest tied label. */
  static TiePolicy lowestLabel() {
    return (item, tied) -> tied[0];
  }

  /** No label: the item is left for a human or kept as a disagreement. */
  static TiePolicy abstain() {
    return (item, tied) -> NO_LABEL;
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Chooses the argmax of {@code scores} (within {@code tolerance}), breaking ties with {@code policy}. */
  static int argmax(String item, double[] scores, double tolerance, TiePolicy policy) {
    Require.nonNull("policy", policy);
    double best = Double.NEGATIVE_INFINITY;
    for (double s : scores) {
      best = Math.max(best, s);
    }
    int count = 0;
    for (double s : scores) {
      if (s >= best - tolerance) {
        count++;
      }
    }
    int[] tied = new int[count];
    int j = 0;
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] >= best - tolerance) {
        tied[j++] = i;
      }
    }
    return count == 1 ? tied[0] : policy.choose(item, tied);
  }
}
