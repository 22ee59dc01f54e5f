/**
 * align4j feedback: AI judges over OpenAI-compatible endpoints, rule and reward-model sources, hybrid human/AI routing,
 * aggregation, agreement, a durable store and exporters. See the module README.
 */
module dev.align4j.feedback {
  requires transitive dev.align4j.core;
  requires static org.jspecify;
  // exported signatures use them: OpenAiChatModel.Builder.logger(Logger), FeedbackJson's Jackson
  // nodes
  requires transitive org.slf4j;
  requires transitive com.fasterxml.jackson.databind;
  requires java.net.http;
  requires org.apache.commons.statistics.inference;

  exports dev.align4j.feedback.http;
  exports dev.align4j.feedback.judge;
  exports dev.align4j.feedback.constitution;
  exports dev.align4j.feedback.rule;
  exports dev.align4j.feedback.route;
  exports dev.align4j.feedback.aggregate;
  exports dev.align4j.feedback.agreement;
  exports dev.align4j.feedback.store;
  exports dev.align4j.feedback.export;
  exports dev.align4j.feedback.event;
  exports dev.align4j.feedback.calibration;
}
