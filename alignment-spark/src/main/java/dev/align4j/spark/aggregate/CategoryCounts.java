package dev.align4j.spark.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import dev.align4j.core.RewardModel;
import dev.align4j.rewards.eval.CategoryResult;
import dev.align4j.rewards.eval.EvaluationReport;
import dev.align4j.rewards.eval.PreferenceCase;
import dev.align4j.rewards.eval.RewardModelEvaluator;
import dev.align4j.rewards.eval.SectionScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Per-category pair counts of the RewardBench-style jobs: each executor evaluates batches of pairs with rewards'
 * {@code RewardModelEvaluator} and emits (category, count, correct) per batch; the driver sums them and builds the
 * report.
 */
final class CategoryCounts {
  static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            new StructField("category", DataTypes.StringType, false, Metadata.empty()),
            new StructField("count", DataTypes.LongType, false, Metadata.empty()),
            new StructField("correct", DataTypes.LongType, false, Metadata.empty())
          });

  private CategoryCounts() {}

  /** The counts of one batch, evaluated by {@code RewardModelEvaluator.standard()}. */
  static List<Row> of(RewardModel model, List<PreferenceCase> batch) {
    List<Row> out = new ArrayList<>();
    if (batch.isEmpty()) {
      return out;
    }
    RewardModelEvaluator.standard()
        .evaluate(model, batch)
        .categories()
        .forEach((k, v) -> out.add(RowFactory.create(k, (long) v.count(), (long) v.correct())));
    return out;
  }

  /**
   * The report over all counts: pair count, pairwise accuracy, per-category results (sorted by name) and the
   * sections of {@code scheme}; the metrics the job does not compute (best-of-n, calibration, human agreement,
   * length bias) are null.
   */
  static EvaluationReport report(Dataset<Row> counts, SectionScheme scheme) {
    List<Row> rows =
        counts.groupBy(col("category")).agg(sum("count"), sum("correct")).collectAsList();
    Map<String, CategoryResult> categories = new TreeMap<>();
    long total = 0;
    long correct = 0;
    for (Row r : rows) {
      categories.put(
          r.getString(0),
          new CategoryResult(Math.toIntExact(r.getLong(1)), Math.toIntExact(r.getLong(2))));
      total += r.getLong(1);
      correct += r.getLong(2);
    }
    Map<String, Double> sections = scheme.scores(categories);
    Double sectionScore =
        sections.isEmpty()
            ? null
            : sections.values().stream().mapToDouble(Double::doubleValue).average().getAsDouble();
    return new EvaluationReport(
        Math.toIntExact(total),
        total == 0 ? null : (double) correct / total,
        categories,
        sections,
        sectionScore,
        0,
        null,
        null,
        null,
        0,
        null,
        null,
        null,
        null);
  }
}
