/**
 * Requires {@code dev.align4j.testkit} alone: the types its API exposes must be readable through
 * {@code requires transitive}.
 */
module dev.align4j.jpmscheck.testkitonly {
  requires dev.align4j.testkit;
}
