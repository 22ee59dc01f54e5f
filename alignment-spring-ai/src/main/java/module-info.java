/**
 * align4j for Spring AI and Spring Boot: a Spring AI {@code ChatModel} as align4j's chat model, judges and reward
 * models as Spring AI {@code Evaluator}s, and a Boot starter (judge, feedback store, hybrid router, rollout gate,
 * Actuator endpoint, Micrometer metrics). See the module README.
 */
module dev.align4j.springai {
  requires transitive dev.align4j.core;
  requires transitive dev.align4j.feedback;
  requires transitive dev.align4j.rollout;
  // Spring AI's jars carry no Automatic-Module-Name: these are the names derived from the file
  // names
  requires transitive spring.ai.model;
  requires transitive spring.ai.commons;
  requires spring.ai.retry;
  requires spring.web;
  requires transitive spring.core;
  requires transitive spring.beans;
  requires transitive spring.context;
  requires transitive spring.boot;
  requires transitive spring.boot.autoconfigure;
  requires static spring.boot.actuator;
  requires static micrometer.core;
  requires org.slf4j;
  requires java.net.http;
  requires static org.jspecify;

  exports dev.align4j.springai;
  exports dev.align4j.springai.boot;
}
