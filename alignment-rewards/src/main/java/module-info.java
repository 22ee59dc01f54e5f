/**
 * align4j rewards: explicit, implicit, rule-based, LLM-judged and composite {@link dev.align4j.core.RewardModel}s,
 * the featurizers and trainers behind learned reward models, and their RewardBench-style evaluation. See the module
 * README.
 */
module dev.align4j.rewards {
  requires transitive dev.align4j.core;
  requires static org.jspecify;
  requires org.slf4j;
  // the reward server (dev.align4j.rewards.server): the JDK's HTTP server, Jackson for its JSON
  requires jdk.httpserver;
  requires com.fasterxml.jackson.databind;
  // optional: KuromojiFeaturizer only; an application that uses it puts Lucene's kuromoji
  // module on its path
  requires static org.apache.lucene.analysis.kuromoji;
  requires static org.apache.lucene.core;

  exports dev.align4j.rewards;
  exports dev.align4j.rewards.feature;
  exports dev.align4j.rewards.model;
  exports dev.align4j.rewards.train;
  exports dev.align4j.rewards.ensemble;
  exports dev.align4j.rewards.rule;
  exports dev.align4j.rewards.llm;
  exports dev.align4j.rewards.normalize;
  exports dev.align4j.rewards.eval;
  exports dev.align4j.rewards.io;
  exports dev.align4j.rewards.server;
  exports dev.align4j.rewards.verify;
}
