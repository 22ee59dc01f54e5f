/**
 * align4j contract test suites: {@code RewardModelContract}, {@code TrainablePolicyContract},
 * {@code FeedbackSourceContract}. An implementer's test class implements one and supplies the object under test; the
 * contract's default test methods run on it.
 */
module dev.align4j.testkit.contract {
  requires transitive dev.align4j.core;
  requires transitive dev.align4j.testkit;
  requires static transitive org.jspecify;

  exports dev.align4j.testkit.contract;
}
