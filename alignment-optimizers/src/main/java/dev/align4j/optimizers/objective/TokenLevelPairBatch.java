package dev.align4j.optimizers.objective;

import dev.align4j.core.check.Require;
import java.util.Locale;

/**
 * A batch of preference pairs with per-token inputs, for token-level objectives ({@code TdpoLoss}): ragged sequences
 * stored as flat arrays plus lengths.
 *
 * <p>Pair i's chosen completion has {@code chosenLengths[i]} tokens stored at {@code [offset_i, offset_i +
 * chosenLengths[i])} of the chosen token arrays, where offset_i is the sum of the earlier lengths; likewise for the
 * rejected completions. Per token t of a completion y:
 *
 * <ul>
 *   <li>{@code policy…Tokens[t]} = log π_θ(y_t | x, y_{&lt;t}) and {@code reference…Tokens[t]} = log π_ref(y_t | x,
 *       y_{&lt;t}) (nats, ≤ 0);
 *   <li>{@code …Kl[t]} = KL(π_ref(·|x, y_{&lt;t}) ‖ π_θ(·|x, y_{&lt;t})) = Σ_v π_ref(v)·(log π_ref(v) − log π_θ(v)),
 *       the forward KL at position t over the whole vocabulary, which only the caller's model can compute; TDPO sums
 *       them into the sequential KL D_SeqKL(x, y; π_ref ‖ π_θ). They must be finite and ≥ 0 (values down to −1e-6
 *       are accepted as rounding of a zero KL).
 * </ul>
 *
 * <p>The record wraps the caller's arrays without copying; the compact constructor validates lengths and values and
 * names the first bad index.
 */
public record TokenLevelPairBatch(
    double[] policyChosenTokens,
    double[] referenceChosenTokens,
    double[] chosenKl,
    int[] chosenLengths,
    double[] policyRejectedTokens,
    double[] referenceRejectedTokens,
    double[] rejectedKl,
    int[] rejectedLengths) {

  /** Tolerance for slightly negative per-token KL values produced by floating-point rounding. */
  public static final double KL_ROUNDING_TOLERANCE = 1e-6;

  /** Validates the batch (see the class comment). */
  public TokenLevelPairBatch {
    Require.nonNull("chosenLengths", chosenLengths);
    Require.nonNull("rejectedLengths", rejectedLengths);
    Require.positive("number of pairs (chosenLengths.length)", chosenLengths.length);
    Require.sameLength(
        "chosenLengths", chosenLengths.length, "rejectedLengths", rejectedLengths.length);
    validate("chosen", policyChosenTokens, referenceChosenTokens, chosenKl, chosenLengths);
    validate(
        "rejected", policyRejectedTokens, referenceRejectedTokens, rejectedKl, rejectedLengths);
  }

  private static void validate(
      String side, double[] policy, double[] reference, double[] kl, int[] lengths) {
    String cap = side.substring(0, 1).toUpperCase(Locale.ROOT) + side.substring(1);
    Require.nonNull("policy" + cap + "Tokens", policy);
    long total = 0;
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] < 1) {
        throw new IllegalArgumentException(
            side + "Lengths[" + i + "] must be >= 1 (a token count), was " + lengths[i]);
      }
      total += lengths[i];
    }
    if (total != policy.length) {
      throw new IllegalArgumentException(
          "the sum of "
              + side
              + "Lengths ("
              + total
              + ") must equal policy"
              + cap
              + "Tokens.length ("
              + policy.length
              + ")");
    }
    Require.logProbabilities("policy" + cap + "Tokens", policy);
    Require.nonNull("reference" + cap + "Tokens", reference);
    Require.sameLength(
        "policy" + cap + "Tokens", policy.length, "reference" + cap + "Tokens", reference.length);
    Require.logProbabilities("reference" + cap + "Tokens", reference);
    Require.nonNull(side + "Kl", kl);
    Require.sameLength("policy" + cap + "Tokens", policy.length, side + "Kl", kl.length);
    for (int t = 0; t < kl.length; t++) {
      if (!(kl[t] >= -KL_ROUNDING_TOLERANCE) || kl[t] == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            side + "Kl[" + t + "] must be a finite KL divergence (>= 0), was " + kl[t]);
      }
    }
  }

  /** Number of pairs. */
  public int size() {
    return chosenLengths.length;
  }

  /** Sums {@code tokens} over each sequence of {@code lengths}. */
  public static double[] sequenceSums(double[] tokens, int[] lengths) {
    double[] sums = new double[lengths.length];
    int t = 0;
    for (int i = 0; i < lengths.length; i++) {
      double s = 0;
      for (int end = t + lengths[i]; t < end; t++) {
        s += tokens[t];
      }
      sums[i] = s;
    }
    return sums;
  }
}
