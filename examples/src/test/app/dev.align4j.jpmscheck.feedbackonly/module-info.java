/**
 * Requires {@code dev.align4j.feedback} alone: the types its API exposes must be readable through
 * {@code requires transitive}.
 */
module dev.align4j.jpmscheck.feedbackonly {
  requires dev.align4j.feedback;
}
