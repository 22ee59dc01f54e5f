/** align4j optimizers: see the module README. */
module dev.align4j.optimizers {
  requires transitive dev.align4j.core;
  requires static org.jspecify;
  requires org.slf4j;

  exports dev.align4j.optimizers.objective;
  exports dev.align4j.optimizers.objective.distillation;
  exports dev.align4j.optimizers.objective.listwise;
  exports dev.align4j.optimizers.objective.pairwise;
  exports dev.align4j.optimizers.objective.policygradient;
  exports dev.align4j.optimizers.objective.unpaired;
  exports dev.align4j.optimizers.advantage;
  exports dev.align4j.optimizers.kl;
  exports dev.align4j.optimizers.monitor;
  exports dev.align4j.optimizers.optimizer;
  exports dev.align4j.optimizers.optimizer.distillation;
  exports dev.align4j.optimizers.optimizer.preference;
  exports dev.align4j.optimizers.optimizer.rl;
  exports dev.align4j.optimizers.optimizer.sft;
  exports dev.align4j.optimizers.trajectory;

  // Objectives builds the families by name through this service, so that the objective package does
  // not depend on
  // the family packages; META-INF/services lists the same providers for the class path
  uses dev.align4j.optimizers.objective.ObjectiveFamily;

  provides dev.align4j.optimizers.objective.ObjectiveFamily with
      dev.align4j.optimizers.objective.pairwise.PairwiseObjectiveFamily,
      dev.align4j.optimizers.objective.unpaired.UnpairedObjectiveFamily,
      dev.align4j.optimizers.objective.listwise.ListwiseObjectiveFamily,
      dev.align4j.optimizers.objective.policygradient.PolicyGradientObjectiveFamily;
}
