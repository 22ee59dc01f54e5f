/**
 * Requires {@code dev.align4j.optimizers} alone: the types its API exposes must be readable through
 * {@code requires transitive}.
 */
module dev.align4j.jpmscheck.optimizersonly {
  requires dev.align4j.optimizers;
}
