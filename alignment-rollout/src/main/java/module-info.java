/** align4j rollout: see the module README. */
module dev.align4j.rollout {
  requires dev.align4j.core;
  requires static org.jspecify;
}
