package dev.align4j.rewards.rule;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * Length normalisation of another reward: {@code r(x, y) / max(1, |y|)^α}. α = 1 turns a sum over tokens into a
 * per-token mean (as SimPO's reward normalises the log-likelihood); 0 &lt; α &lt; 1 damps rather than removes the
 * length dependence. An empty completion counts as length 1 (no division by zero).
 */
public final class LengthNormalizedReward implements RewardModel {
  private final RewardModel inner;
  private final LengthUnit unit;
  private final double alpha;

  private LengthNormalizedReward(RewardModel inner, LengthUnit unit, double alpha) {
    this.inner = Require.nonNull("inner", inner);
    this.unit = Require.nonNull("unit", unit);
    this.alpha = Require.inClosedRange("alpha", alpha, 0.0, 4.0);
  }

  /** Normalises {@code inner} by length to the power {@code alpha} in [0, 4]. */
  public static LengthNormalizedReward of(RewardModel inner, LengthUnit unit, double alpha) {
    return new LengthNormalizedReward(inner, unit, alpha);
  }

  @Override
  public double score(Prompt prompt, Completion completion) {
    double r = inner.score(prompt, completion);
    return r / Math.pow(Math.max(1, unit.measure(completion)), alpha);
  }
}
