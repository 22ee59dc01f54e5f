package dev.align4j.feedback.route;

/** Where a request's label comes from. */
public enum Route {
  /** The AI label is final. */
  AI_ONLY,
  /** A human labels it (the AI label, if any, is a suggestion). */
  HUMAN,
  /** Both label it (an audit): the human label is final and the pair updates the agreement estimate. */
  BOTH
}
