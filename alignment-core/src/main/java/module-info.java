/**
 * align4j core: the data model, the five core interfaces, stable numerics and kernels, dataset formats and the
 * chat-model SPI. Every other align4j module depends on this one and on nothing else of align4j.
 */
module dev.align4j.core {
  requires org.slf4j;
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.databind;

  exports dev.align4j.core;
  exports dev.align4j.core.check;
  exports dev.align4j.core.data;
  exports dev.align4j.core.eval;
  exports dev.align4j.core.label;
  exports dev.align4j.core.llm;
  exports dev.align4j.core.math;
  exports dev.align4j.core.reward;
  exports dev.align4j.core.text;
  exports dev.align4j.core.train;
}
