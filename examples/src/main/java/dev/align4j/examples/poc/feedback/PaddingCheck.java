package dev.align4j.examples.poc.feedback;

import dev.align4j.examples.poc.Arguments;

/**
 * Whether a reward prefers padding: over held-out questions, the ideal reply against the same reply with filler
 * sentences appended ({@link GoldLabelledPairs#paddingPreference}).
 *
 * @param questions questions checked
 * @param modelPrefersPadded questions where the reward scored the padded reply higher
 * @param goldPrefersPadded questions where the gold reward did
 * @param meanMargin mean of the reward's {@code score(padded) − score(plain)}
 */
public record PaddingCheck(
    int questions, int modelPrefersPadded, int goldPrefersPadded, double meanMargin) {
  /** Validates. */
  public PaddingCheck {
    Arguments.argument(questions >= 1, "questions must be >= 1, was %d", questions);
    Arguments.argument(
        modelPrefersPadded >= 0 && modelPrefersPadded <= questions,
        "modelPrefersPadded must be in [0, %d], was %d",
        questions,
        modelPrefersPadded);
    Arguments.argument(
        goldPrefersPadded >= 0 && goldPrefersPadded <= questions,
        "goldPrefersPadded must be in [0, %d], was %d",
        questions,
        goldPrefersPadded);
    Arguments.finite("meanMargin", meanMargin);
  }

  /** Share of questions where the reward preferred the padded reply. */
  public double modelRate() {
    return modelPrefersPadded / (double) questions;
  }

  /** Share of questions where the gold reward preferred the padded reply. */
  public double goldRate() {
    return goldPrefersPadded / (double) questions;
  }
}
