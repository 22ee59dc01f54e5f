package dev.align4j.optimizers.objective;

import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * A batch of unpaired, binary-labelled completions for KTO, BCO, NPO and APO-zero (unpaired): struct-of-arrays, one
 * entry per (prompt, completion, label) example.
 *
 * <p>Log-probabilities are sums over completion tokens (nats, ≤ 0). {@code desirable[i]} is TRL's {@code label}
 * column: {@code true} for a thumbs-up (desirable) completion, {@code false} for a thumbs-down one.
 *
 * <p>{@code policyKlLogps} and {@code referenceKlLogps} are the policy and reference log-probabilities of the
 * <em>mismatched</em> pairs (x_i, y_{i−1}) that KTO uses to estimate its KL reference point z0 (TRL rotates the
 * completions of each per-device batch by +1; any pairing of unrelated completions works). They may have any
 * length ≥ 1, are optional (null when the objective does not need them) and receive no gradient, because z0 is
 * detached.
 *
 * <p>The record wraps the caller's arrays without copying them (a batch of a million examples is one allocation),
 * so do not mutate them while an evaluation runs. The compact constructor validates lengths and values: every
 * log-probability must be finite and ≤ 0, the error message names the array and the first bad index.
 *
 * @param policyLogps log π_θ(y_i | x_i), summed over completion tokens
 * @param referenceLogps log π_ref(y_i | x_i); null only for reference-free objectives
 * @param desirable the binary label of each example
 * @param policyKlLogps log π_θ of the mismatched KL pairs, or null
 * @param referenceKlLogps log π_ref of the mismatched KL pairs, or null (present exactly when policyKlLogps is)
 */
public record UnpairedBatch(
    double[] policyLogps,
    double @Nullable [] referenceLogps,
    boolean[] desirable,
    double @Nullable [] policyKlLogps,
    double @Nullable [] referenceKlLogps) {

  /** Validates the batch (see the class comment). */
  public UnpairedBatch {
    Require.nonNull("policyLogps", policyLogps);
    Require.nonNull("desirable", desirable);
    Require.positive("batch size (policyLogps.length)", policyLogps.length);
    Require.logProbabilities("policyLogps", policyLogps);
    Require.sameLength("policyLogps", policyLogps.length, "desirable", desirable.length);
    if (referenceLogps != null) {
      Require.sameLength("policyLogps", policyLogps.length, "referenceLogps", referenceLogps.length);
      Require.logProbabilities("referenceLogps", referenceLogps);
    }
    if ((policyKlLogps == null) != (referenceKlLogps == null)) {
      throw new IllegalArgumentException(
          "policyKlLogps and referenceKlLogps must be given together, were "
              + (policyKlLogps == null ? "null" : "length " + policyKlLogps.length) + " and "
              + (referenceKlLogps == null ? "null" : "length " + referenceKlLogps.length));
    }
    if (policyKlLogps != null && referenceKlLogps != null) {
      Require.positive("KL pair count (policyKlLogps.length)", policyKlLogps.length);
      Require.sameLength("policyKlLogps", policyKlLogps.length, "referenceKlLogps", referenceKlLogps.length);
      Require.logProbabilities("policyKlLogps", policyKlLogps);
      Require.logProbabilities("referenceKlLogps", referenceKlLogps);
    }
  }

  /** A batch without KL pairs (APO-zero unpaired, BCO, NPO, or KTO with a fixed reference point). */
  public static UnpairedBatch of(double[] policyLogps, double[] referenceLogps, boolean[] desirable) {
    return new UnpairedBatch(policyLogps, referenceLogps, desirable, null, null);
  }

  /** A batch of undesirable examples only, for NPO (every label is {@code false}). */
  public static UnpairedBatch negatives(double[] policyLogps, double[] referenceLogps) {
    Require.nonNull("policyLogps", policyLogps);
    return new UnpairedBatch(policyLogps, referenceLogps, new boolean[policyLogps.length], null, null);
  }

  /** This batch with the mismatched KL pairs KTO needs for its reference point z0. */
  public UnpairedBatch withKlPairs(double[] policyKlLogps, double[] referenceKlLogps) {
    return new UnpairedBatch(policyLogps, referenceLogps, desirable, policyKlLogps, referenceKlLogps);
  }

  /** Number of examples. */
  public int size() {
    return policyLogps.length;
  }

  /** Number of desirable examples. */
  public int desirableCount() {
    int n = 0;
    for (boolean d : desirable) {
      if (d) {
        n++;
      }
    }
    return n;
  }

  /** The reference log-probabilities, or an {@link IllegalArgumentException} naming the objective that needs them. */
  public double[] requireReference(String lossType) {
    if (referenceLogps == null) {
      throw new IllegalArgumentException(
          "referenceLogps must not be null for loss_type \"" + lossType + "\" (it needs the reference model)");
    }
    return referenceLogps;
  }
}
