package dev.align4j.examples.poc.scenario;

/** Whether a reply states the policy fact the question asks about. */
public enum Correctness {
  /** States the right fact. */
  CORRECT,
  /** States no fact ("we will look into it"). */
  VAGUE,
  /** States a wrong fact. */
  WRONG
}
