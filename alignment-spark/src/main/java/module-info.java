/**
 * align4j on Apache Spark: score, judge, build preference data and evaluate over millions of rows with align4j's
 * reward models, judges, aggregators and exporters. See the module README.
 *
 * <p>Spark's jars carry no module names (and {@code spark-sql_2.13} derives none that is valid), so this descriptor
 * names align4j's modules only; Spark is read from the class path (the build compiles with {@code --add-reads
 * dev.align4j.spark=ALL-UNNAMED}). Spark applications run on the class path ({@code spark-submit} puts every jar
 * there), where the descriptor serves the architecture rules and documents the exported API.
 */
module dev.align4j.spark {
  requires transitive dev.align4j.core;
  requires transitive dev.align4j.rewards;
  requires transitive dev.align4j.feedback;
  requires transitive dev.align4j.rollout;
  // the manifest of a JSONL export
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.align4j.spark;
  exports dev.align4j.spark.aggregate;
  exports dev.align4j.spark.judge;
}
