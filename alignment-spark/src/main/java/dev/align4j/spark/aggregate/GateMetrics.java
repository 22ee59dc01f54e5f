package dev.align4j.spark.aggregate;

import static org.apache.spark.sql.functions.col;

import dev.align4j.core.check.Require;
import dev.align4j.rollout.input.MetricData;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.stats.ArmSummary;
import dev.align4j.rollout.stats.RunningStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The rollout gate's per-arm metric summaries from a table of logged outcomes: one row per observation, columns
 * {@value #METRIC} (string, the metric's name as in the gate's {@code MetricSpec}), {@value #ARM} (string,
 * {@code CANDIDATE} or {@code INCUMBENT}, any case) and {@value #VALUE} (number; 0/1 for a rate such as the unsafe
 * rate, NaN for an observation the metric's NaN policy should see).
 *
 * <p>Each partition summarises its rows with rollout's {@code RunningStats} (Welford), and the driver merges the
 * partitions' {@code ArmSummary}s in partition order with {@code ArmSummary.merge} (Chan et al.'s exact parallel
 * update): the result equals {@code ArmSummary.of(values)} over all values up to floating-point rounding, and the
 * memory on every side is a few numbers per metric and arm. Feed the result to the gate with
 * {@code gate.recordSummary(name, Arm.CANDIDATE, data.candidate())} and likewise for the incumbent; a metric with no
 * row for an arm gets {@code ArmSummary.EMPTY} there.
 */
public final class GateMetrics {
  /** Column: the metric name. */
  public static final String METRIC = "metric";

  /** Column: the arm. */
  public static final String ARM = "arm";

  /** Column: the observed value. */
  public static final String VALUE = "value";

  private static final StructType PARTIAL =
      new StructType(
          new StructField[] {
            new StructField("partition", DataTypes.IntegerType, false, Metadata.empty()),
            new StructField(METRIC, DataTypes.StringType, false, Metadata.empty()),
            new StructField(ARM, DataTypes.StringType, false, Metadata.empty()),
            new StructField("n", DataTypes.LongType, false, Metadata.empty()),
            new StructField("mean", DataTypes.DoubleType, false, Metadata.empty()),
            new StructField("m2", DataTypes.DoubleType, false, Metadata.empty()),
            new StructField("nan", DataTypes.LongType, false, Metadata.empty())
          });

  private GateMetrics() {}

  /**
   * Summarises every metric per arm.
   *
   * @return metric name → its candidate and incumbent summaries, sorted by name
   * @throws IllegalArgumentException for a null metric, arm or value, an unknown arm or an infinite value
   */
  public static Map<String, MetricData> summarise(Dataset<Row> outcomes) {
    Require.nonNull("outcomes", outcomes);
    StructType schema = outcomes.schema();
    LabelsTable.requireType(schema, METRIC, List.of(DataTypes.StringType), "a string");
    LabelsTable.requireType(schema, ARM, List.of(DataTypes.StringType), "a string");
    LabelsTable.requireType(
        schema,
        VALUE,
        List.of(
            DataTypes.ByteType,
            DataTypes.ShortType,
            DataTypes.IntegerType,
            DataTypes.LongType,
            DataTypes.FloatType,
            DataTypes.DoubleType),
        "a number");
    List<Row> partials =
        outcomes
            .select(col(METRIC), col(ARM), col(VALUE).cast(DataTypes.DoubleType))
            .mapPartitions(
                (MapPartitionsFunction<Row, Row>) GateMetrics::partial, Encoders.row(PARTIAL))
            .collectAsList();
    List<Row> sorted = new ArrayList<>(partials);
    sorted.sort(
        Comparator.<Row, String>comparing(r -> r.getString(1))
            .thenComparing(r -> r.getString(2))
            .thenComparingInt(r -> r.getInt(0)));
    Map<String, ArmSummary[]> merged = new TreeMap<>();
    for (Row r : sorted) {
      ArmSummary[] arms =
          merged.computeIfAbsent(
              r.getString(1), k -> new ArmSummary[] {ArmSummary.EMPTY, ArmSummary.EMPTY});
      int arm = Arm.valueOf(r.getString(2)).ordinal();
      arms[arm] =
          arms[arm].merge(
              new ArmSummary(r.getLong(3), r.getDouble(4), r.getDouble(5), r.getLong(6)));
    }
    Map<String, MetricData> out = new LinkedHashMap<>();
    merged.forEach(
        (name, arms) ->
            out.put(
                name,
                new MetricData(
                    name, arms[Arm.CANDIDATE.ordinal()], arms[Arm.INCUMBENT.ordinal()])));
    return out;
  }

  private static Iterator<Row> partial(Iterator<Row> rows) {
    Map<List<String>, RunningStats> stats = new LinkedHashMap<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      Require.argument(!r.isNullAt(0), "metric must not be null, but a row is %s", r);
      Require.argument(!r.isNullAt(1), "arm must not be null, but a row is %s", r);
      Require.argument(
          !r.isNullAt(2),
          "value must not be null (log NaN for a missing observation), but a row is %s",
          r);
      String arm = r.getString(1).toUpperCase(Locale.ROOT);
      Require.argument(
          arm.equals(Arm.CANDIDATE.name()) || arm.equals(Arm.INCUMBENT.name()),
          "arm must be one of %s, was %s",
          Arrays.toString(Arm.values()),
          r.getString(1));
      RunningStats s = stats.computeIfAbsent(List.of(r.getString(0), arm), k -> new RunningStats());
      try {
        s.add(r.getDouble(2));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "value of metric " + r.getString(0) + " (" + arm + "): " + e.getMessage(), e);
      }
    }
    int partition = TaskContext.getPartitionId();
    List<Row> out = new ArrayList<>(stats.size());
    stats.forEach(
        (key, s) -> {
          ArmSummary a = s.summary();
          out.add(
              RowFactory.create(
                  partition, key.get(0), key.get(1), a.n(), a.mean(), a.m2(), a.nanCount()));
        });
    return out.iterator();
  }
}
