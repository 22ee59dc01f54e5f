/**
 * align4j testkit: seeded generators and the {@code @Property} annotation for property tests written as JUnit Jupiter
 * parameterized tests. Every trial's seed is in its display name, so a failure can be replayed exactly with
 * {@code -Dalign4j.seed=<seed>}.
 */
module dev.align4j.testkit {
  requires transitive org.junit.jupiter.api;
  requires transitive org.junit.jupiter.params;
  requires transitive org.slf4j;
  requires static transitive org.jspecify;

  exports dev.align4j.testkit;
}
