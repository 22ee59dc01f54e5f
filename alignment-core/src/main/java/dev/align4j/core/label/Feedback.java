package dev.align4j.core.label;

import dev.align4j.core.text.Prompt;

/**
 * A label on one or more completions of a prompt: the closed set of feedback shapes of the survey's "feedback"
 * part — pairwise preference, listwise ranking, pointwise rating and binary (desirable / undesirable) labels.
 *
 * <p>Every label carries the prompt and the completions it is about, so that a batch of feedback is directly a
 * training batch, and its {@link Provenance}.
 */
public sealed interface Feedback permits PairwiseComparison, Ranking, Rating, BinaryLabel {
  /** The prompt the judged completions answer. */
  Prompt prompt();

  /** Who produced the label, when, under which principle. */
  Provenance provenance();
}
