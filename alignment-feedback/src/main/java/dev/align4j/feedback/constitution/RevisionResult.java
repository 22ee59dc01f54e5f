package dev.align4j.feedback.constitution;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;
import java.util.Optional;
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
   * The (revised ≻ original) preference pair — A = revised, B = original — or nothing when the revision did not change
   * the response ({@link #changed()} is false): a pair of equal texts carries no preference, and a trainer given one
   * would push the same answer up and down at once. The principles of all rounds are listed in the {@code principles}
   * attribute and the number of rounds in {@code rounds}.
   */
  public Optional<PairwiseComparison> toPreference() {
    if (!changed()) {
      return Optional.empty();
    }
    return Optional.of(new PairwiseComparison(prompt, revised, original, Outcome.A, null, null, Presentation.UNKNOWN,
        attributed()));
  }

  /**
   * The supervised record (prompt → revised response): Constitutional AI's SL-CAI fine-tuning target (Bai et al. 2022,
   * §3). Defined whether or not the revision changed the response — an answer the critique left as it was is still a
   * target the model should learn to write. Same provenance attributes as {@link #toPreference()}.
   */
  public SupervisedRevision toSupervised() {
    return new SupervisedRevision(prompt, revised, attributed());
  }

  /**
   * Whether the last revision differs from the original text, ignoring leading and trailing white space (the loop
   * strips every revision, so an original with a trailing newline is not thereby "changed").
   */
  public boolean changed() {
    return !revised.text().strip().equals(original.text().strip());
  }

  private Provenance attributed() {
    String all = steps.stream().map(RevisionStep::principleId).collect(Collectors.joining(","));
    return provenance.withAttribute("principles", all).withAttribute("rounds", String.valueOf(steps.size()));
  }
}
