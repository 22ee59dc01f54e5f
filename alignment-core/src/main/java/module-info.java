/**
 * align4j core: the data model, the five core interfaces, stable numerics, kernels, dataset formats and the
 * chat-model SPI. Every other align4j module depends on this one and on nothing else of align4j.
 */
// "module": the qualified exports name modules a build of core alone does not see
// (javac warns "module not found")
@SuppressWarnings("module")
module dev.align4j.core {
  requires org.slf4j;
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.databind;

  exports dev.align4j.core;
  // argument checks for align4j's own modules, not API: exported only to them. The list names
  // every align4j module that may use it, including ones added by issue 12 (alignment-policies,
  // alignment-testkit-contracts) and the integration modules alignment-review,
  // alignment-langchain4j, alignment-spring-ai and alignment-spark.
  exports dev.align4j.core.check to
      dev.align4j.rewards,
      dev.align4j.feedback,
      dev.align4j.optimizers,
      dev.align4j.policies,
      dev.align4j.rollout,
      dev.align4j.review,
      dev.align4j.springai,
      dev.align4j.langchain4j,
      dev.align4j.spark,
      dev.align4j.testkit.contract;
  exports dev.align4j.core.data;
  exports dev.align4j.core.eval;
  exports dev.align4j.core.label;
  exports dev.align4j.core.llm;
  exports dev.align4j.core.math;
  // the kernel layer and the Vector API loader, not API: exported only to the modules that run
  // their loops on it (the active path is public through dev.align4j.core.KernelPath)
  exports dev.align4j.core.math.kernel to
      dev.align4j.rewards,
      dev.align4j.optimizers,
      dev.align4j.policies;
  exports dev.align4j.core.reward;
  exports dev.align4j.core.text;
  exports dev.align4j.core.train;
  exports dev.align4j.core.trajectory;
}
