package dev.align4j.optimizers.objective.pairwise;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.TokenLevelPairBatch;

/**
 * Token-level implicit rewards of a DPO-trained policy (Rafailov et al., "From r to Q*: Your Language Model is
 * Secretly a Q-Function", 2024, arXiv:2404.12358): in the token-level MDP, the reward of token t is
 * r_t = β·(log π_θ(y_t | x, y_{&lt;t}) − log π_ref(y_t | x, y_{&lt;t})), and their sum over a completion is the
 * sequence-level DPO reward β·log(π_θ(y|x)/π_ref(y|x)) that TRL logs as {@code rewards/chosen}.
 *
 * <p>Uses: credit assignment (which tokens the preference training rewarded or penalised), locating the first error
 * of a response (the most negative token reward), reward shaping for token-level RL. Sequences are ragged: flat
 * per-token arrays plus one length per sequence, as everywhere in this package. ∂r_t/∂log π_θ(y_t) = β.
 *
 * <p>Default β = 0.1 (TRL's DPO default); use the β the policy was trained with.
 */
public final class TokenLevelRewards {
  private final double beta;

  private TokenLevelRewards(double beta) {
    this.beta = beta;
  }

  /** Token-level rewards with inverse temperature β > 0. */
  public static TokenLevelRewards withBeta(double beta) {
    return new TokenLevelRewards(Require.positive("beta", beta));
  }

  /** β. */
  public double beta() {
    return beta;
  }

  /** r_t = β·(policyTokens[t] − referenceTokens[t]) for every token. */
  public double[] tokenRewards(double[] policyTokens, double[] referenceTokens) {
    validate(policyTokens, referenceTokens);
    double[] out = new double[policyTokens.length];
    for (int t = 0; t < out.length; t++) {
      out[t] = beta * (policyTokens[t] - referenceTokens[t]);
    }
    return out;
  }

  /** The sum of the token rewards of each sequence: β·log(π_θ(y|x)/π_ref(y|x)), the DPO implicit reward. */
  public double[] sequenceRewards(double[] policyTokens, double[] referenceTokens, int[] lengths) {
    double[] r = tokenRewards(policyTokens, referenceTokens);
    validateLengths(lengths, r.length);
    return TokenLevelPairBatch.sequenceSums(r, lengths);
  }

  /**
   * The running sums Σ_{s≤t} r_s within each sequence (restarting at every sequence): the implicit return collected up
   * to token t, which the "r to Q*" view relates to the value of the prefix y_{≤t}.
   */
  public double[] cumulativeRewards(double[] policyTokens, double[] referenceTokens, int[] lengths) {
    double[] r = tokenRewards(policyTokens, referenceTokens);
    validateLengths(lengths, r.length);
    int t = 0;
    for (int length : lengths) {
      double s = 0;
      for (int end = t + length; t < end; t++) {
        s += r[t];
        r[t] = s;
      }
    }
    return r;
  }

  /**
   * For each sequence, the position (0-based, within the sequence) of its lowest token reward, the first one on ties:
   * the token the preference training penalised most, a candidate location of an error.
   */
  public int[] lowestRewardPositions(double[] policyTokens, double[] referenceTokens, int[] lengths) {
    double[] r = tokenRewards(policyTokens, referenceTokens);
    validateLengths(lengths, r.length);
    int[] out = new int[lengths.length];
    int t = 0;
    for (int i = 0; i < lengths.length; i++) {
      double min = Double.POSITIVE_INFINITY;
      for (int p = 0; p < lengths[i]; p++, t++) {
        if (r[t] < min) {
          min = r[t];
          out[i] = p;
        }
      }
    }
    return out;
  }

  private static void validate(double[] policyTokens, double[] referenceTokens) {
    Require.logProbabilities("policyTokens", policyTokens);
    Require.logProbabilities("referenceTokens", referenceTokens);
    Require.sameLength("policyTokens", policyTokens.length, "referenceTokens", referenceTokens.length);
  }

  private static void validateLengths(int[] lengths, int tokens) {
    Require.nonNull("lengths", lengths);
    long total = 0;
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] < 1) {
        throw new IllegalArgumentException("lengths[" + i + "] must be >= 1 (a token count), was " + lengths[i]);
      }
      total += lengths[i];
    }
    if (total != tokens) {
      throw new IllegalArgumentException(
          "the sum of lengths (" + total + ") must equal the number of tokens (" + tokens + ")");
    }
  }

  @Override
  public String toString() {
    return "TokenLevelRewards[beta=" + beta + "]";
  }
}
