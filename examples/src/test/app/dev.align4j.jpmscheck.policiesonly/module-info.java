/**
 * Requires {@code dev.align4j.policies} alone: the types its API exposes must be readable through
 * {@code requires transitive}.
 */
module dev.align4j.jpmscheck.policiesonly {
  requires dev.align4j.policies;
}
