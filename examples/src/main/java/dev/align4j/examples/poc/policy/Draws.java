package dev.align4j.examples.poc.policy;

import java.util.SplittableRandom;

/**
 * Independent random streams keyed by a seed and two indices (question, sample), so that a draw depends only on its
 * key, not on the order or the thread the draws run in.
 */
final class Draws {
  private Draws() {}

  /** The stream of {@code (seed, a, b)}. */
  static SplittableRandom of(long seed, long a, long b) {
    long key = 0x9E3779B97F4A7C15L * (a + 1) ^ 0xC2B2AE3D27D4EB4FL * (b + 1);
    return new SplittableRandom(seed ^ key).split();
  }
}
