package dev.align4j.feedback.constitution;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of a {@link CritiqueRevisionLoop}: the original response, the final revision and every round.
 *
 * @param prompt the prompt
 * @param original the response before revision
 * @param revised the response after the last round
 * @param steps the rounds, in order
 * @param provenance who revised (AI, the model, principle of the last round, constitution version)
 */
public record RevisionResult(Prompt prompt, Completion original, Completion revised, List<RevisionStep> steps,
    Provenance provenance) {
  /** Validates and copies. */
  public RevisionResult {
    Require.nonNull("prompt", prompt);
    Require.nonNull("original", original);
    Require.nonNull("revised", revised);
    steps = List.copyOf(Require.nonEmpty("steps", steps));
    Require.nonNull("provenance", provenance);
  }

  /**
   * The (revised ≻ original) preference pair: A = revised, B = original. In Constitutional AI the revisions are SFT
   * targets; as a pair they also serve preference training. The principles of all rounds are listed in the
   * {@code principles} attribute.
   */
  public PairwiseComparison toPreference() {
    String all = steps.stream().map(RevisionStep::principleId).collect(Collectors.joining(","));
    return new PairwiseComparison(prompt, revised, original, Outcome.A, null, null, Presentation.UNKNOWN,
        provenance.withAttribute("principles", all).withAttribute("rounds", String.valueOf(steps.size())));
  }

  /** Whether the last revision differs from the original text. */
  public boolean changed() {
    return !revised.text().equals(original.text());
  }

}
