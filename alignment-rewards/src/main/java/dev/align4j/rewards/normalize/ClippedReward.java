package dev.align4j.rewards.normalize;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * A reward clipped to {@code [lo, hi]}: {@code min(hi, max(lo, r))} (PPO implementations clip rewards, e.g. to
 * [−10, 10] or ±5 after whitening, so that one outlier cannot dominate an update).
 */
public final class ClippedReward implements RewardModel {
  private final RewardModel inner;
  private final double lo;
  private final double hi;

  private ClippedReward(RewardModel inner, double lo, double hi) {
    this.inner = Require.nonNull("inner", inner);
    Require.finite("lo", lo);
    Require.finite("hi", hi);
    Require.argument(lo < hi, "hi must be > lo, was lo=%s, hi=%s", lo, hi);
    this.lo = lo;
    this.hi = hi;
  }

  /** Clips {@code inner} to {@code [lo, hi]}. */
  public static ClippedReward of(RewardModel inner, double lo, double hi) {
    return new ClippedReward(inner, lo, hi);
  }

  @Override
  public double score(Prompt prompt, Completion completion) {
    double r = inner.score(prompt, completion);
    if (Double.isNaN(r)) {
      throw new IllegalStateException("the clipped reward returned NaN; clipping would hide it");
    }
    return Math.min(hi, Math.max(lo, r));
  }
}
