/** align4j policies: trainable models (see the module README). */
module dev.align4j.policies {
  requires transitive dev.align4j.core;
  requires static org.jspecify;

  exports dev.align4j.policies;
  exports dev.align4j.policies.lm;
  exports dev.align4j.policies.token;
}
