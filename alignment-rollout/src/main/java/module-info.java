/**
 * align4j rollout: gated rollout of aligned models (offline → shadow → canary → full) with anytime-valid
 * statistics, LLM guardrails, traffic actuation, a hash-chained audit log and a simulator. See the module README.
 */
module dev.align4j.rollout {
  requires transitive dev.align4j.core;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires org.apache.commons.statistics.distribution;
  requires org.apache.commons.numbers.gamma;
  requires com.fasterxml.jackson.databind;

  exports dev.align4j.rollout;
  exports dev.align4j.rollout.audit;
  exports dev.align4j.rollout.guardrail;
  exports dev.align4j.rollout.input;
  exports dev.align4j.rollout.metric;
  exports dev.align4j.rollout.shadow;
  exports dev.align4j.rollout.sim;
  exports dev.align4j.rollout.stage;
  exports dev.align4j.rollout.stats;
  exports dev.align4j.rollout.traffic;
  exports dev.align4j.rollout.validity;
}
