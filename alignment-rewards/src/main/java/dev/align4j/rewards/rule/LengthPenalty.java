package dev.align4j.rewards.rule;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * A length penalty (a non-positive reward to add to another):
 *
 * <ul>
 *   <li>{@link #overlong}: DAPO's soft overlong punishment (Yu et al., "DAPO", 2025, Eq. 13): 0 when
 *       {@code |y| <= L_max − L_cache}, {@code ((L_max − L_cache) − |y|) / L_cache} inside the cache window, and −1
 *       beyond {@code L_max};
 *   <li>{@link #linear}: {@code −perUnit · max(0, |y| − target)}.
 * </ul>
 */
public final class LengthPenalty implements RewardModel {
  private final LengthUnit unit;
  private final boolean dapo;
  private final int a;
  private final double b;

  private LengthPenalty(LengthUnit unit, boolean dapo, int a, double b) {
    this.unit = Require.nonNull("unit", unit);
    this.dapo = dapo;
    this.a = a;
    this.b = b;
  }

  /**
   * DAPO's soft overlong punishment.
   *
   * @param maxLength L_max &gt; 0
   * @param cacheLength L_cache, in (0, L_max]
   */
  public static LengthPenalty overlong(LengthUnit unit, int maxLength, int cacheLength) {
    Require.positive("maxLength", maxLength);
    Require.inClosedRange("cacheLength", cacheLength, 1, maxLength);
    return new LengthPenalty(unit, true, maxLength, cacheLength);
  }

  /** {@code −perUnit · max(0, |y| − target)} with {@code target >= 0} and {@code perUnit >= 0}. */
  public static LengthPenalty linear(LengthUnit unit, int target, double perUnit) {
    Require.nonNegative("target", target);
    Require.nonNegative("perUnit", perUnit);
    return new LengthPenalty(unit, false, target, perUnit);
  }

  @Override
  public double score(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    int len = unit.measure(completion);
    if (!dapo) {
      return -b * Math.max(0, len - a);
    }
    double free = a - b;
    if (len <= free) {
      return 0.0;
    }
    if (len <= a) {
      return (free - len) / b;
    }
    return -1.0;
  }
}
