/** align4j optimizers: see the module README. */
module dev.align4j.optimizers {
  requires transitive dev.align4j.core;
  requires static org.jspecify;
  requires org.slf4j;

  exports dev.align4j.optimizers.objective;
  exports dev.align4j.optimizers.objective.listwise;
  exports dev.align4j.optimizers.objective.pairwise;
  exports dev.align4j.optimizers.objective.policygradient;
  exports dev.align4j.optimizers.objective.unpaired;
  exports dev.align4j.optimizers.advantage;
  exports dev.align4j.optimizers.kl;
  exports dev.align4j.optimizers.optimizer;
  exports dev.align4j.optimizers.optimizer.preference;
  exports dev.align4j.optimizers.optimizer.rl;
  exports dev.align4j.optimizers.optimizer.sft;
}
