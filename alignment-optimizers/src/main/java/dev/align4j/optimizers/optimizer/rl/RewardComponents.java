package dev.align4j.optimizers.optimizer.rl;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.Map;

/**
 * The named components of a sample's reward (for a composite reward, its weighted per-component scores, e.g.
 * {@code composite.explain(p, c)} turned into name → score), read by {@link PolicyGradientOptimizer} so that its
 * metrics show which component drives the reward's variance ({@link RolloutStatistics#varianceShares}).
 */
@FunctionalInterface
public interface RewardComponents {

  /** The components of the reward of {@code completion} for {@code prompt}, by name (finite values). */
  Map<String, Double> components(Prompt prompt, Completion completion);
}
