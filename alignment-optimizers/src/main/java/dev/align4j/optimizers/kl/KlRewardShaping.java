package dev.align4j.optimizers.kl;

import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * The KL penalty of RLHF folded into the rewards (Ziegler et al. 2019; Ouyang et al. 2022): the reward-model score
 * minus β times a KL estimate between the sampling policy and the reference. The sign convention is TRL's: PPO and
 * RLOO subtract β·KL from the <em>reward</em> (GRPO instead adds β·k3 to the loss, see {@code GrpoLoss}).
 *
 * <p>Inputs are ragged flat per-token arrays: sequence i owns {@code lengths[i]} consecutive tokens. Use the
 * log-probabilities recorded at sampling time (πold), as TRL does.
 */
public final class KlRewardShaping {
  private KlRewardShaping() {}

  /**
   * Per-token rewards for PPO/GAE and REINFORCE++: r_t = −β·k_t on every token, plus the sequence's score on its last
   * token.
   *
   * <p>TRL's PPO places the score one position past the last completion token (on the first padding position); here it
   * sits on the last completion token, the usual MDP convention (the Monte-Carlo returns of the completion tokens agree
   * when γ = 1).
   *
   * @param lengths tokens per sequence (≥ 1: the score needs a token to sit on)
   * @param scores one reward-model score per sequence
   * @param beta the KL coefficient β ≥ 0 (e.g. {@link KlController#coefficient()})
   */
  public static double[] tokenRewards(
      int[] lengths, double[] scores, double[] logProbs, double[] referenceLogProbs, KlEstimator estimator,
      double beta) {
    Require.nonNull("estimator", estimator);
    Require.nonNegative("beta", beta);
    KlEstimator.checkPair(logProbs, referenceLogProbs);
    KlEstimator.checkLengths(lengths, logProbs.length);
    Require.sameLength("scores", Require.allFinite("scores", scores).length, "lengths", lengths.length);
    double[] out = new double[logProbs.length];
    int t = 0;
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] < 1) {
        throw new IllegalArgumentException("lengths[" + i + "] must be >= 1 (the score sits on the last token), was "
            + lengths[i]);
      }
      for (int k = 0; k < lengths[i]; k++, t++) {
        out[t] = beta == 0.0 ? 0.0 : -beta * estimator.value(referenceLogProbs[t] - logProbs[t]);
      }
      out[t - 1] += scores[i];
    }
    return out;
  }

  /**
   * Per-sequence rewards R_i − β·Σ_t m·k_t (TRL's RLOO with {@link KlEstimator#K1}: the summed log-ratio of the
   * sampling policy to the reference, which can be negative).
   *
   * @param mask per-token weights in [0, 1], or null for all ones
   */
  public static double[] sequenceRewards(
      double[] scores, int[] lengths, double[] logProbs, double[] referenceLogProbs, double @Nullable [] mask,
      KlEstimator estimator, double beta) {
    Require.nonNull("estimator", estimator);
    Require.nonNegative("beta", beta);
    Require.sameLength("scores", Require.allFinite("scores", scores).length, "lengths", lengths.length);
    double[] kl = estimator.sequenceSums(lengths, logProbs, referenceLogProbs, mask);
    double[] out = new double[scores.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = beta == 0.0 ? scores[i] : scores[i] - beta * kl[i];
    }
    return out;
  }
}
