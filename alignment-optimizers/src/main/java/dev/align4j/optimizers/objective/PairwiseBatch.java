package dev.align4j.optimizers.objective;

import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * A batch of preference pairs as struct-of-arrays: for pair {@code i}, the policy's and the reference policy's
 * log-probabilities of the chosen and the rejected completion, and the two completions' token counts.
 *
 * <p>Log-probabilities are natural-log sums over completion tokens (nats, ≤ 0). Lengths are completion token counts
 * (the {@code |y|} of TRL, after truncation). The reference arrays are both null for reference-free objectives (or
 * to train without a reference: the reference log-ratio is then taken as 0, as TRL's legacy {@code reference_free}).
 *
 * <p>The constructor validates everything once (equal lengths; every log-probability finite and ≤ 0; lengths ≥ 0)
 * and names the first bad index. The arrays are <em>not</em> copied, so that a million pairs cost no extra memory:
 * do not modify them while an objective reads them. Objectives that divide by a length additionally require it to
 * be ≥ 1 and say so with the index.
 *
 * @param policyChosen Σ log π_θ(y_w | x) per pair
 * @param policyRejected Σ log π_θ(y_l | x) per pair
 * @param referenceChosen Σ log π_ref(y_w | x) per pair, or null (reference-free)
 * @param referenceRejected Σ log π_ref(y_l | x) per pair, or null (reference-free)
 * @param chosenLengths |y_w|, completion tokens of the chosen completion
 * @param rejectedLengths |y_l|, completion tokens of the rejected completion
 */
public record PairwiseBatch(
    double[] policyChosen,
    double[] policyRejected,
    double @Nullable [] referenceChosen,
    double @Nullable [] referenceRejected,
    int[] chosenLengths,
    int[] rejectedLengths) {

  /** Validates the batch; see the class comment. */
  public PairwiseBatch {
    Require.nonNull("policyChosen", policyChosen);
    Require.nonNull("policyRejected", policyRejected);
    Require.nonNull("chosenLengths", chosenLengths);
    Require.nonNull("rejectedLengths", rejectedLengths);
    int n = policyChosen.length;
    Require.argument(n > 0, "a pairwise batch needs at least one pair, policyChosen was empty");
    Require.sameLength("policyChosen", n, "policyRejected", policyRejected.length);
    Require.sameLength("policyChosen", n, "chosenLengths", chosenLengths.length);
    Require.sameLength("policyChosen", n, "rejectedLengths", rejectedLengths.length);
    Require.argument(
        (referenceChosen == null) == (referenceRejected == null),
        "referenceChosen and referenceRejected must both be given or both be null, were %s and %s",
        referenceChosen == null ? "null" : "an array",
        referenceRejected == null ? "null" : "an array");
    Require.logProbabilities("policyChosen", policyChosen);
    Require.logProbabilities("policyRejected", policyRejected);
    if (referenceChosen != null && referenceRejected != null) {
      Require.sameLength("policyChosen", n, "referenceChosen", referenceChosen.length);
      Require.sameLength("policyChosen", n, "referenceRejected", referenceRejected.length);
      Require.logProbabilities("referenceChosen", referenceChosen);
      Require.logProbabilities("referenceRejected", referenceRejected);
    }
    for (int i = 0; i < n; i++) {
      if (chosenLengths[i] < 0) {
        throw new IllegalArgumentException("chosenLengths[" + i + "] must be >= 0, was " + chosenLengths[i]);
      }
      if (rejectedLengths[i] < 0) {
        throw new IllegalArgumentException("rejectedLengths[" + i + "] must be >= 0, was " + rejectedLengths[i]);
      }
    }
  }

  /**
   * A batch with a reference policy.
   *
   * @see PairwiseBatch the canonical constructor for the meaning of each array
   */
  public static PairwiseBatch of(
      double[] policyChosen,
      double[] policyRejected,
      double[] referenceChosen,
      double[] referenceRejected,
      int[] chosenLengths,
      int[] rejectedLengths) {
    return new PairwiseBatch(
        policyChosen, policyRejected, Require.nonNull("referenceChosen", referenceChosen),
        Require.nonNull("referenceRejected", referenceRejected), chosenLengths, rejectedLengths);
  }

  /** A reference-free batch (SimPO, CPO, ORPO, SLiC, or DPO with {@code reference_free}). */
  public static PairwiseBatch referenceFree(
      double[] policyChosen, double[] policyRejected, int[] chosenLengths, int[] rejectedLengths) {
    return new PairwiseBatch(policyChosen, policyRejected, null, null, chosenLengths, rejectedLengths);
  }

  /** The number of pairs. */
  public int size() {
    return policyChosen.length;
  }

  /** Whether reference log-probabilities are present. */
  public boolean hasReference() {
    return referenceChosen != null;
  }

  /** A batch with chosen and rejected swapped (flips every margin). */
  public PairwiseBatch swapped() {
    return new PairwiseBatch(
        policyRejected, policyChosen, referenceRejected, referenceChosen, rejectedLengths, chosenLengths);
  }

  @Override
  public String toString() {
    return "PairwiseBatch[size=" + size() + ", reference=" + hasReference() + "]";
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
