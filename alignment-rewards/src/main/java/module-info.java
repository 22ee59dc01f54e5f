/**
 * align4j rewards: explicit, implicit, rule-based, LLM-judged and composite {@link dev.align4j.core.RewardModel}s,
 * the featurizers and trainers behind learned reward models, and their RewardBench-style evaluation. See the module
 * README.
 */
module dev.align4j.rewards {
  requires dev.align4j.core;
  requires static org.jspecify;
  requires static jdk.incubator.vector;
  requires org.slf4j;

  exports dev.align4j.rewards;
  exports dev.align4j.rewards.feature;
  exports dev.align4j.rewards.model;
  exports dev.align4j.rewards.train;
  //TODO exports dev.align4j.rewards.ensemble;
  //TODO exports dev.align4j.rewards.implicit;
  //TODO exports dev.align4j.rewards.rule;
  //TODO exports dev.align4j.rewards.llm;
  //TODO exports dev.align4j.rewards.normalize;
  //TODO exports dev.align4j.rewards.eval;
  //TODO exports dev.align4j.rewards.io;
}
