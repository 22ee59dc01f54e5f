package dev.align4j.optimizers.objective;

import dev.align4j.core.check.Require;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A batch of ranked lists of completions for the listwise objectives (Plackett–Luce DPO, PRO, LiPO-λ, RRHF):
 * struct-of-arrays over all candidates of all lists, flattened list after list.
 *
 * <p>List {@code q} holds {@code listSizes[q] ≥ 2} candidates (lists may have different sizes), stored at
 * {@code [offset(q), offset(q) + listSizes[q])} of every per-candidate array, where offset(q) is the sum of the
 * earlier sizes. <b>Within a list, candidates are in preference order, best first.</b> {@code scores} (optional)
 * are graded labels (reward-model scores, ratings; higher is better): they must be non-increasing within a list,
 * and equal scores mark ties. PRO uses them for its score-gap temperatures, LiPO-λ for its gains, RRHF and LiPO to
 * skip tied pairs; without scores every list is a strict ranking by position. Plackett–Luce DPO uses the order only.
 *
 * <p>Log-probabilities are sums over completion tokens (nats, ≤ 0); {@code lengths} are completion token counts,
 * needed by the length-normalised objectives (PRO, RRHF) and otherwise optional. The record wraps the caller's
 * arrays without copying; the compact constructor validates everything and names the first bad index.
 *
 * @param policyLogps log π_θ(y | x) per candidate
 * @param referenceLogps log π_ref(y | x) per candidate; null for the reference-free objectives (PRO, RRHF)
 * @param lengths completion token counts per candidate (≥ 1), or null
 * @param listSizes the number of candidates of each list (each ≥ 2)
 * @param scores graded labels per candidate, non-increasing within each list, or null
 */
public record ListwiseBatch(
    double[] policyLogps,
    double @Nullable [] referenceLogps,
    int @Nullable [] lengths,
    int[] listSizes,
    double @Nullable [] scores) {

  /** Validates the batch (see the class comment). */
  public ListwiseBatch {
    Require.nonNull("policyLogps", policyLogps);
    Require.nonNull("listSizes", listSizes);
    Require.positive("number of lists (listSizes.length)", listSizes.length);
    long total = 0;
    for (int q = 0; q < listSizes.length; q++) {
      if (listSizes[q] < 2) {
        throw new IllegalArgumentException(
            "listSizes[" + q + "] must be >= 2 (a ranking needs two candidates), was " + listSizes[q]);
      }
      total += listSizes[q];
    }
    if (total != policyLogps.length) {
      throw new IllegalArgumentException(
          "the sum of listSizes (" + total + ") must equal policyLogps.length (" + policyLogps.length + ")");
    }
    Require.logProbabilities("policyLogps", policyLogps);
    if (referenceLogps != null) {
      Require.sameLength("policyLogps", policyLogps.length, "referenceLogps", referenceLogps.length);
      Require.logProbabilities("referenceLogps", referenceLogps);
    }
    if (lengths != null) {
      Require.sameLength("policyLogps", policyLogps.length, "lengths", lengths.length);
      for (int i = 0; i < lengths.length; i++) {
        if (lengths[i] < 1) {
          throw new IllegalArgumentException("lengths[" + i + "] must be >= 1 (a token count), was " + lengths[i]);
        }
      }
    }
    if (scores != null) {
      Require.sameLength("policyLogps", policyLogps.length, "scores", scores.length);
      Require.allFinite("scores", scores);
      int start = 0;
      for (int q = 0; q < listSizes.length; q++) {
        for (int i = start + 1; i < start + listSizes[q]; i++) {
          if (scores[i] > scores[i - 1]) {
            throw new IllegalArgumentException(
                "scores[" + i + "] must be <= scores[" + (i - 1) + "] (candidates are best first within list " + q
                    + "), was " + scores[i] + " > " + scores[i - 1]);
          }
        }
        start += listSizes[q];
      }
    }
  }

  /**
   * A batch of equally sized lists: {@code policyLogps.length / listSize} lists of {@code listSize} candidates.
   *
   * @param referenceLogps null for reference-free objectives
   * @param lengths null unless a length-normalised objective is used
   */
  public static ListwiseBatch ofFixedSize(
      double[] policyLogps, double @Nullable [] referenceLogps, int @Nullable [] lengths, int listSize) {
    Require.nonNull("policyLogps", policyLogps);
    if (listSize < 2 || policyLogps.length % listSize != 0) {
      throw new IllegalArgumentException("listSize must be >= 2 and divide policyLogps.length ("
          + policyLogps.length + "), was " + listSize);
    }
    int[] sizes = new int[policyLogps.length / listSize];
    Arrays.fill(sizes, listSize);
    return new ListwiseBatch(policyLogps, referenceLogps, lengths, sizes, null);
  }

  /** This batch with graded labels {@code scores} (non-increasing within each list). */
  public ListwiseBatch withScores(double[] scores) {
    return new ListwiseBatch(policyLogps, referenceLogps, lengths, listSizes, scores);
  }

  /** The number of lists. */
  public int listCount() {
    return listSizes.length;
  }

  /** The start index of every list in the flat arrays (length {@code listCount()}). */
  public int[] offsets() {
    int[] offsets = new int[listSizes.length];
    int start = 0;
    for (int q = 0; q < listSizes.length; q++) {
      offsets[q] = start;
      start += listSizes[q];
    }
    return offsets;
  }

  /** Whether candidate {@code i} is strictly preferred to candidate {@code j} (same list, {@code i < j}). */
  public boolean strictlyBetter(int i, int j) {
    return scores == null || scores[i] > scores[j];
  }

  /** The reference log-probabilities, or an {@link IllegalArgumentException} naming the objective that needs them. */
  public double[] requireReference(String lossType) {
    if (referenceLogps == null) {
      throw new IllegalArgumentException(
          "referenceLogps must not be null for loss_type \"" + lossType + "\" (it needs the reference model)");
    }
    return referenceLogps;
  }

  /** The completion lengths, or an {@link IllegalArgumentException} naming the objective that needs them. */
  public int[] requireLengths(String lossType) {
    if (lengths == null) {
      throw new IllegalArgumentException(
          "lengths must not be null for loss_type \"" + lossType + "\" (it length-normalises the log-probs)");
    }
    return lengths;
  }
}
