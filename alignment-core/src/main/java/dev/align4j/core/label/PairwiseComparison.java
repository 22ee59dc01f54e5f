package dev.align4j.core.label;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import org.jspecify.annotations.Nullable;

/**
 * A pairwise preference between two completions A and B of one prompt.
 *
 * @param prompt the prompt both completions answer
 * @param a candidate A
 * @param b candidate B
 * @param outcome which is better (or tie / both bad)
 * @param probabilityA optional soft label p(A ≻ B) in [0, 1] (e.g. from a judge's token probabilities, or the share
 *     of annotators preferring A); null when only the hard outcome is known
 * @param strength optional non-negative preference strength or margin (Llama 2's "significantly better" scale); null
 *     when unknown
 * @param presentation in which order the candidates were shown
 * @param provenance who labelled it
 */
public record PairwiseComparison(
    Prompt prompt,
    Completion a,
    Completion b,
    Outcome outcome,
    @Nullable Double probabilityA,
    @Nullable Double strength,
    Presentation presentation,
    Provenance provenance)
    implements Feedback {

  /** Validates: no nulls where required, probability in [0, 1], strength finite and non-negative. */
  public PairwiseComparison {
    Require.nonNull("prompt", prompt);
    Require.nonNull("a", a);
    Require.nonNull("b", b);
    Require.nonNull("outcome", outcome);
    Require.nonNull("presentation", presentation);
    Require.nonNull("provenance", provenance);
    if (probabilityA != null) {
      Require.probability("probabilityA", probabilityA);
    }
    if (strength != null) {
      Require.nonNegative("strength", strength);
    }
  }

  /** A hard preference for {@code chosen} over {@code rejected} (stored as A = chosen, B = rejected). */
  public static PairwiseComparison preferring(
      Prompt prompt, Completion chosen, Completion rejected, Provenance provenance) {
    return new PairwiseComparison(
        prompt, chosen, rejected, Outcome.A, null, null, Presentation.UNKNOWN, provenance);
  }

  /**
   * The effective probability that A is preferred: the soft label when present, otherwise 1 for A, 0 for B and 0.5
   * for a tie or both-bad.
   */
  public double effectiveProbabilityA() {
    if (probabilityA != null) {
      return probabilityA;
    }
    switch (outcome) {
      case A:
        return 1.0;
      case B:
        return 0.0;
      default:
        return 0.5;
    }
  }

  /** Whether the outcome names a winner (A or B). */
  public boolean isDecisive() {
    return outcome == Outcome.A || outcome == Outcome.B;
  }

  /**
   * The preferred completion.
   *
   * @throws IllegalStateException when the outcome is a tie or both-bad
   */
  public Completion chosen() {
    requireDecisive();
    return outcome == Outcome.A ? a : b;
  }

  /**
   * The dispreferred completion.
   *
   * @throws IllegalStateException when the outcome is a tie or both-bad
   */
  public Completion rejected() {
    requireDecisive();
    return outcome == Outcome.A ? b : a;
  }

  /** The same judgement with A and B exchanged (outcome, soft label and presentation flipped accordingly). */
  public PairwiseComparison swapped() {
    Outcome o = outcome == Outcome.A ? Outcome.B : outcome == Outcome.B ? Outcome.A : outcome;
    Presentation p =
        presentation == Presentation.A_FIRST
            ? Presentation.B_FIRST
            : presentation == Presentation.B_FIRST ? Presentation.A_FIRST : presentation;
    return new PairwiseComparison(
        prompt, b, a, o, probabilityA == null ? null : 1.0 - probabilityA, strength, p, provenance);
  }

  private void requireDecisive() {
    if (!isDecisive()) {
      throw new IllegalStateException("outcome is " + outcome + ": there is no chosen/rejected completion");
    }
  }
}
