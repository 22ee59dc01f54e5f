/**
 * align4j review: an embeddable human-review server on the JDK's HTTP server, a durable {@code HumanReviewQueue} for
 * {@code HybridRouter}. See the module README.
 */
module dev.align4j.review {
  requires transitive dev.align4j.core;
  // exported signatures use FeedbackStore, HumanReviewQueue and ReviewTask
  requires transitive dev.align4j.feedback;
  requires static org.jspecify;
  requires jdk.httpserver;

  exports dev.align4j.review;
}
