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

  /**
   * This comparison read in a request's order, by content rather than by position: A = {@code first} and B =
   * {@code second}. It is this comparison when its A and B have the texts of {@code first} and {@code second}, and
   * {@link #swapped()} when they have them the other way round — as when a source answers the request (x, y) with
   * {@link #preferring} (which stores A = chosen). Anything that asked a {@code FeedbackSource} about
   * (first, second) reads the answer through this method before it takes {@link #effectiveProbabilityA()} as "first is
   * better".
   *
   * <p>Completions are matched by {@link Completion#text()} (a source may drop token ids and log-probabilities). When
   * {@code first} and {@code second} have the same text the two orders cannot be told apart, and a comparison of that
   * text with itself is returned unchanged.
   *
   * @throws IllegalArgumentException when the prompt is not this comparison's, or when A and B are not the texts of
   *     {@code first} and {@code second} in either order (the message shows both pairs of texts, abbreviated)
   */
  public PairwiseComparison orientedTo(Prompt prompt, Completion first, Completion second) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("first", first);
    Require.nonNull("second", second);
    Require.argument(
        this.prompt.equals(prompt),
        "the comparison must be about the prompt \"%s\", it was about \"%s\"",
        Require.abbreviate(prompt.text(), 40), Require.abbreviate(this.prompt.text(), 40));
    String x = first.text();
    String y = second.text();
    if (a.text().equals(x) && b.text().equals(y)) {
      return this;
    }
    if (a.text().equals(y) && b.text().equals(x)) {
      return swapped();
    }
    throw new IllegalArgumentException(
        "the comparison must compare the answers \"" + Require.abbreviate(x, 40) + "\" and \""
            + Require.abbreviate(y, 40) + "\" (in either order), it compared \"" + Require.abbreviate(a.text(), 40)
            + "\" (A) and \"" + Require.abbreviate(b.text(), 40) + "\" (B)");
  }

  private void requireDecisive() {
    if (!isDecisive()) {
      throw new IllegalStateException("outcome is " + outcome + ": there is no chosen/rejected completion");
    }
  }
}
