/**
 * Requires {@code dev.align4j.rewards} alone: the types its API exposes must be readable through
 * {@code requires transitive}.
 */
module dev.align4j.jpmscheck.rewardsonly {
  requires dev.align4j.rewards;
}
