package dev.align4j.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Preference data built by {@link PreferenceDataBuilder}: one table holding both splits, and its train and test
 * parts. The tables are lazy; each write computes them again, so {@code rows().cache()} (or persist) before writing
 * both splits of a large dataset.
 *
 * @param rows the pairs ({@link PreferenceDataBuilder#PAIR_SCHEMA}) or rankings
 *     ({@link PreferenceDataBuilder#RANKING_SCHEMA}) of both splits
 * @param listwise whether {@code rows} holds rankings
 */
public record PreferenceData(Dataset<Row> rows, boolean listwise) {

  /** The rows of the train split. */
  public Dataset<Row> train() {
    return rows.filter(functions.col("split").equalTo(PreferenceDataBuilder.TRAIN));
  }

  /** The rows of the test split. */
  public Dataset<Row> test() {
    return rows.filter(functions.col("split").equalTo(PreferenceDataBuilder.TEST));
  }
}
