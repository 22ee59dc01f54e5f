package dev.align4j.spark.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.rollout.input.MetricData;
import dev.align4j.rollout.stats.ArmSummary;
import dev.align4j.spark.LocalSpark;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GateMetricsTest {
  @RegisterExtension static final LocalSpark SPARK = new LocalSpark();

  private static final StructType OUTCOMES =
      new StructType()
          .add(GateMetrics.METRIC, DataTypes.StringType)
          .add(GateMetrics.ARM, DataTypes.StringType)
          .add(GateMetrics.VALUE, DataTypes.DoubleType);

  @Property(trials = 4)
  void per_arm_summaries_equal_the_single_machine_summaries(Gen gen) {
    String[] metrics = {"unsafe_rate", "latency_ms", "reward"};
    List<Row> rows = new ArrayList<>();
    List<List<Double>> values = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      values.add(new ArrayList<>());
    }
    int n = gen.intIn(200, 600);
    for (int i = 0; i < n; i++) {
      int m = gen.intIn(0, 2);
      int arm = gen.intIn(0, 1);
      double v =
          m == 0
              ? (gen.uniform(0, 1) < 0.03 ? 1 : 0)
              : m == 1 ? 200 + 50 * gen.gaussian() : gen.gaussian(0.1, 1);
      if (m == 2 && gen.uniform(0, 1) < 0.02) {
        v = Double.NaN;
      }
      values.get(m * 2 + arm).add(v);
      rows.add(RowFactory.create(metrics[m], arm == 0 ? "candidate" : "INCUMBENT", v));
    }
    Dataset<Row> table = SPARK.session().createDataFrame(rows, OUTCOMES).repartition(3);

    Map<String, MetricData> out = GateMetrics.summarise(table);

    assertEquals(List.of("latency_ms", "reward", "unsafe_rate"), List.copyOf(out.keySet()));
    for (int m = 0; m < 3; m++) {
      for (int arm = 0; arm < 2; arm++) {
        double[] v = values.get(m * 2 + arm).stream().mapToDouble(Double::doubleValue).toArray();
        MetricData data = out.get(metrics[m]);
        ArmSummary got = arm == 0 ? data.candidate() : data.incumbent();
        ArmSummary local = ArmSummary.of(v);
        assertEquals(local.n(), got.n());
        assertEquals(local.nanCount(), got.nanCount());
        assertEquals(local.mean(), got.mean(), 1e-12 * Math.max(1, Math.abs(local.mean())));
        assertEquals(local.m2(), got.m2(), 1e-9 * Math.max(1, local.m2()));
        // and against the two-pass textbook formulas
        double sum = 0;
        int count = 0;
        for (double x : v) {
          if (!Double.isNaN(x)) {
            sum += x;
            count++;
          }
        }
        double mean = sum / count;
        double ss = 0;
        for (double x : v) {
          if (!Double.isNaN(x)) {
            ss += (x - mean) * (x - mean);
          }
        }
        assertEquals(mean, got.mean(), 1e-10 * Math.max(1, Math.abs(mean)));
        assertEquals(ss, got.m2(), 1e-8 * Math.max(1, ss));
      }
    }
  }

  @Test
  void an_arm_without_rows_is_empty_and_a_bad_arm_is_refused() {
    Dataset<Row> one =
        SPARK
            .session()
            .createDataFrame(
                List.of(
                    RowFactory.create("win_rate", "candidate", 1.0),
                    RowFactory.create("win_rate", "candidate", 0.0)),
                OUTCOMES);
    MetricData data = GateMetrics.summarise(one).get("win_rate");
    assertEquals(ArmSummary.ofRate(1, 2), data.candidate());
    assertEquals(ArmSummary.EMPTY, data.incumbent());

    Dataset<Row> bad =
        SPARK
            .session()
            .createDataFrame(List.of(RowFactory.create("win_rate", "control", 1.0)), OUTCOMES);
    Exception e = assertThrows(Exception.class, () -> GateMetrics.summarise(bad));
    Throwable root = e;
    while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
      root = root.getCause();
    }
    assertTrue(
        root.getMessage().contains("arm must be one of") && root.getMessage().contains("control"),
        root.getMessage());
  }
}
