/**
 * Requires {@code dev.align4j.rollout} alone: the types its API exposes must be readable through
 * {@code requires transitive}.
 */
module dev.align4j.jpmscheck.rolloutonly {
  requires dev.align4j.rollout;
}
