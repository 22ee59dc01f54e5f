package dev.align4j.optimizers.objective.pairwise;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.PairwiseBatch;
import org.jspecify.annotations.Nullable;

/**
 * LD-DPO's length-desensitised sequence log-probability (Liu et al., "Length Desensitization in Direct Preference
 * Optimization", 2024; TRL's {@code ld_alpha}, {@code trl-objectives.md} §1.4): for a pair with ℓ_p = min(|y_w|,
 * |y_l|), tokens at completion positions 1..ℓ_p count fully and the rest are scaled by α ∈ [0, 1]:
 * logp = Σ_{t ≤ ℓ_p} log π(y_t) + α Σ_{t > ℓ_p} log π(y_t). As in TRL HEAD it is applied to the policy and the
 * reference alike, so only the longer completion of each pair changes.
 *
 * <p>Use: {@link #batch} turns per-token log-probabilities into a {@link PairwiseBatch} of LD sums, evaluate it with
 * {@code ld_dpo} (or any pairwise loss), then {@link #tokenGradients} maps the sequence gradients back to tokens
 * (token t gets g or α·g).
 */
public final class LengthDesensitizedAggregation {
  private LengthDesensitizedAggregation() {}

  /** Σ_{t &lt; keep} x_t + α Σ_{t ≥ keep} x_t. */
  public static double aggregate(double[] tokenLogProbs, int keep, double alpha) {
    double head = 0;
    double tail = 0;
    for (int t = 0; t < tokenLogProbs.length; t++) {
      if (t < keep) {
        head += tokenLogProbs[t];
      } else {
        tail += tokenLogProbs[t];
      }
    }
    return head + alpha * tail;
  }

  /**
   * A batch of LD-aggregated sums from ragged per-token log-probabilities (one row per pair; a row's length is its
   * completion's token count). The reference rows are both null or both given, with the same shapes as the policy's.
   */
  public static PairwiseBatch batch(
      double[][] policyChosen, double[][] policyRejected, double @Nullable [][] referenceChosen,
      double @Nullable [][] referenceRejected, double alpha) {
    Require.probability("ld_alpha", alpha);
    int n = Require.nonNull("policyChosen", policyChosen).length;
    Require.sameLength("policyChosen", n, "policyRejected", Require.nonNull("policyRejected", policyRejected).length);
    Require.argument((referenceChosen == null) == (referenceRejected == null),
        "referenceChosen and referenceRejected must both be given or both be null");
    double[] pc = new double[n];
    double[] pr = new double[n];
    double @Nullable [] rc = referenceChosen == null ? null : new double[n];
    double @Nullable [] rr = referenceRejected == null ? null : new double[n];
    int[] lc = new int[n];
    int[] lr = new int[n];
    for (int i = 0; i < n; i++) {
      lc[i] = policyChosen[i].length;
      lr[i] = policyRejected[i].length;
      int keep = Math.min(lc[i], lr[i]);
      Require.logProbabilities("policyChosen[" + i + "]", policyChosen[i]);
      Require.logProbabilities("policyRejected[" + i + "]", policyRejected[i]);
      pc[i] = aggregate(policyChosen[i], keep, alpha);
      pr[i] = aggregate(policyRejected[i], keep, alpha);
      if (rc != null && rr != null && referenceChosen != null && referenceRejected != null) {
        Require.sameLength("policyChosen[" + i + "]", lc[i], "referenceChosen[" + i + "]",
            referenceChosen[i].length);
        Require.sameLength("policyRejected[" + i + "]", lr[i], "referenceRejected[" + i + "]",
            referenceRejected[i].length);
        Require.logProbabilities("referenceChosen[" + i + "]", referenceChosen[i]);
        Require.logProbabilities("referenceRejected[" + i + "]", referenceRejected[i]);
        rc[i] = aggregate(referenceChosen[i], keep, alpha);
        rr[i] = aggregate(referenceRejected[i], keep, alpha);
      }
    }
    return new PairwiseBatch(pc, pr, rc, rr, lc, lr);
  }

  /**
   * The per-token gradient of one side: token t of pair i gets {@code sequenceGradients[i]} if t &lt; min(|y|, |y'|)
   * and α times it otherwise.
   *
   * @param lengths this side's token counts
   * @param otherLengths the other side's token counts (ℓ_p = min of the two)
   */
  public static double[][] tokenGradients(
      double[] sequenceGradients, int[] lengths, int[] otherLengths, double alpha) {
    Require.probability("ld_alpha", alpha);
    Require.sameLength("sequenceGradients", sequenceGradients.length, "lengths", lengths.length);
    Require.sameLength("lengths", lengths.length, "otherLengths", otherLengths.length);
    double[][] out = new double[lengths.length][];
    for (int i = 0; i < lengths.length; i++) {
      int keep = Math.min(lengths[i], otherLengths[i]);
      out[i] = new double[lengths[i]];
      for (int t = 0; t < lengths[i]; t++) {
        out[i][t] = t < keep ? sequenceGradients[i] : alpha * sequenceGradients[i];
      }
    }
    return out;
  }
}
