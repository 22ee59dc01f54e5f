package dev.align4j.core.label;

/** Who produced a label. */
public enum SourceKind {
  /** A person (annotator, reviewer, end user). */
  HUMAN,
  /** An AI judge: a language model prompted to compare or grade (RLAIF). */
  AI,
  /** A deterministic rule or verifier (regex, JSON validity, unit test, exact match). */
  RULE,
  /** A learned reward model's score turned into a label. */
  MODEL
}
