package dev.align4j.rewards.normalize;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * A reward whitened by running statistics: {@code (r − μ) / (σ + ε)} (Llama 2 whitens its final reward; PPO
 * implementations normalise rewards by running statistics). With {@link #updating} every score first updates the
 * statistics (so the reward is <em>stateful</em>: the same input may score differently later); with {@link #frozen}
 * the statistics are fixed (e.g. measured once on a calibration set) and the reward is deterministic.
 */
public final class WhitenedReward implements RewardModel {
  private final RewardModel inner;
  private final RunningMeanStd stats;
  private final boolean update;
  private final double epsilon;

  private WhitenedReward(RewardModel inner, RunningMeanStd stats, boolean update, double epsilon) {
    this.inner = Require.nonNull("inner", inner);
    this.stats = Require.nonNull("stats", stats);
    this.update = update;
    this.epsilon = Require.positive("epsilon", epsilon);
  }

  /** Updates {@code stats} with every raw score, then whitens it; ε = 1e-8. */
  public static WhitenedReward updating(RewardModel inner, RunningMeanStd stats) {
    return new WhitenedReward(inner, stats, true, 1e-8);
  }

  /** Whitens with fixed statistics (which must have seen at least one value); ε = 1e-8. */
  public static WhitenedReward frozen(RewardModel inner, RunningMeanStd stats) {
    Require.argument(stats.count() > 0, "stats must have seen at least one reward, had %d", stats.count());
    return new WhitenedReward(inner, stats, false, 1e-8);
  }

  @Override
  public double score(Prompt prompt, Completion completion) {
    double r = inner.score(prompt, completion);
    if (update) {
      stats.update(r);
    }
    return stats.whiten(r, epsilon);
  }

  /** The statistics. */
  public RunningMeanStd stats() {
    return stats;
  }
}
