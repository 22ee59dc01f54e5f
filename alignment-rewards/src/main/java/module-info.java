/** align4j rewards: see the module README. */
module dev.align4j.rewards {
  requires dev.align4j.core;
  requires static org.jspecify;
}
