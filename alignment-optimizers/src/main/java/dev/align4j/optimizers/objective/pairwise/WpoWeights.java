package dev.align4j.optimizers.objective.pairwise;

import dev.align4j.core.TokenDistributions;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;

/**
 * WPO's sequence weights (Zhou et al. 2024, "WPO: Enhancing RLHF with Weighted Preference Optimization"; TRL's
 * {@code DPOConfig.use_weighting}), from the policy's own per-position distributions:
 *
 * <pre>
 *   a_t  = log π(y_t | x, y_&lt;t) − log Σ_v π(v | x, y_&lt;t)²
 *   w(y) = exp( Σ_t a_t / |y| )                    (exp of the length-mean; no clamp, as TRL's current source)
 *   pair weight = w(y_w)·w(y_l), multiplying the pair's loss; detached (no gradient flows through it)
 * </pre>
 *
 * {@code w(y) = 1} exactly when the policy is one-hot on y, and it can exceed 1 (frontier-methods.md §5).
 */
public final class WpoWeights {
  private WpoWeights() {}

  /**
   * The weight w(y) of one sequence.
   *
   * @param tokens the policy's log-probabilities of the sequence's tokens
   * @param rows the policy's distributions at the same positions
   * @throws IllegalArgumentException when the lengths differ or the sequence is empty
   */
  public static double sequenceWeight(TokenLogProbs tokens, TokenDistributions rows) {
    Require.nonNull("tokens", tokens);
    Require.nonNull("rows", rows);
    Require.sameLength("tokens", tokens.length(), "rows", rows.length());
    Require.positive("tokens.length()", tokens.length());
    double sum = 0;
    for (int t = 0; t < tokens.length(); t++) {
      double[] row = rows.row(t);
      for (int j = 0; j < row.length; j++) {
        row[j] *= 2;
      }
      sum += tokens.get(t) - StableMath.logSumExp(row);
    }
    return Math.exp(sum / tokens.length());
  }
}
