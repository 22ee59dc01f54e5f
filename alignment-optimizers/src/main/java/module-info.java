/** align4j optimizers: see the module README. */
module dev.align4j.optimizers {
  requires dev.align4j.core;
  requires static org.jspecify;

  exports dev.align4j.optimizers.objective;
}
