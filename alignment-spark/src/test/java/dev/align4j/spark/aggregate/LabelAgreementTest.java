package dev.align4j.spark.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.feedback.aggregate.Annotation;
import dev.align4j.feedback.agreement.CohenKappa;
import dev.align4j.feedback.agreement.FleissKappa;
import dev.align4j.feedback.agreement.KrippendorffAlpha;
import dev.align4j.feedback.agreement.KrippendorffAlpha.Metric;
import dev.align4j.feedback.agreement.Weighting;
import dev.align4j.spark.LocalSpark;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LabelAgreementTest {
  @RegisterExtension static final LocalSpark SPARK = new LocalSpark();

  @Property(trials = 2)
  void cohen_kappa_equals_the_single_machine_value_bit_for_bit(Gen gen) {
    List<Annotation> labels = Labels.generate(gen, gen.intIn(40, 120), 3, 4, 0.7);
    Dataset<Row> table = Labels.table(SPARK.session(), labels, 3);
    Map<String, int[]> pairs = new LinkedHashMap<>();
    for (Annotation a : labels) {
      int[] p = pairs.computeIfAbsent(a.item(), k -> new int[] {-1, -1});
      if (a.annotator().equals("annotator-0")) {
        p[0] = a.label();
      } else if (a.annotator().equals("annotator-1")) {
        p[1] = a.label();
      }
    }
    List<int[]> both = pairs.values().stream().filter(p -> p[0] >= 0 && p[1] >= 0).toList();
    int[] r1 = both.stream().mapToInt(p -> p[0]).toArray();
    int[] r2 = both.stream().mapToInt(p -> p[1]).toArray();
    for (Weighting w : List.of(Weighting.NONE, Weighting.QUADRATIC)) {
      assertEquals(
          CohenKappa.weighted(r1, r2, 4, w),
          LabelAgreement.cohenKappa(table, "annotator-0", "annotator-1", 4, w),
          0.0,
          w.toString());
    }
  }

  @Test
  void cohen_kappa_of_a_hand_computed_table() {
    // 50 items: (0,0)×20, (0,1)×5, (1,0)×10, (1,1)×15; p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5, κ
    // = 0.4
    List<Row> rows = new ArrayList<>();
    int[][] cells = {{0, 0, 20}, {0, 1, 5}, {1, 0, 10}, {1, 1, 15}};
    int item = 0;
    for (int[] c : cells) {
      for (int k = 0; k < c[2]; k++, item++) {
        rows.add(RowFactory.create("i" + item, "ann", c[0]));
        rows.add(RowFactory.create("i" + item, "bob", c[1]));
      }
    }
    rows.add(RowFactory.create("only-ann", "ann", 1));
    Dataset<Row> table = SPARK.session().createDataFrame(rows, Labels.SCHEMA).repartition(3);
    assertEquals(0.4, LabelAgreement.cohenKappa(table, "ann", "bob", 2, Weighting.NONE), 1e-12);
  }

  @Test
  void cohen_kappa_refuses_an_annotator_who_labelled_an_item_twice() {
    List<Row> rows =
        List.of(
            RowFactory.create("i", "ann", 0),
            RowFactory.create("i", "ann", 1),
            RowFactory.create("i", "bob", 1));
    Dataset<Row> table = SPARK.session().createDataFrame(rows, Labels.SCHEMA);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LabelAgreement.cohenKappa(table, "ann", "bob", 2, Weighting.NONE));
    assertTrue(
        e.getMessage().contains("at most once") && e.getMessage().contains("item i"),
        e.getMessage());
  }

  @Property(trials = 2)
  void fleiss_kappa_equals_the_single_machine_value(Gen gen) {
    int items = gen.intIn(30, 100);
    int raters = gen.intIn(2, 5);
    List<Row> rows = new ArrayList<>();
    int[][] counts = new int[items][3];
    for (int i = 0; i < items; i++) {
      int truth = gen.intIn(0, 2);
      for (int w = 0; w < raters; w++) {
        int label = gen.uniform(0, 1) < 0.6 ? truth : gen.intIn(0, 2);
        counts[i][label]++;
        rows.add(RowFactory.create("item-" + i, "rater-" + gen.intIn(0, 1000), label));
      }
    }
    Dataset<Row> table = SPARK.session().createDataFrame(rows, Labels.SCHEMA).repartition(3);
    assertEquals(FleissKappa.of(counts), LabelAgreement.fleissKappa(table, 3), 1e-12);
  }

  @Test
  void fleiss_kappa_of_the_published_example() {
    // Fleiss (1971) via Wikipedia: 10 subjects, 14 raters, 5 categories, κ ≈ 0.210
    int[][] counts = {
      {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
      {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}
    };
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      int rater = 0;
      for (int k = 0; k < 5; k++) {
        for (int c = 0; c < counts[i][k]; c++) {
          rows.add(RowFactory.create("s" + i, "r" + rater++, k));
        }
      }
    }
    Dataset<Row> table = SPARK.session().createDataFrame(rows, Labels.SCHEMA).repartition(2);
    // reference: numpy over the same table (P̄ = 0.378, P̄_e = 0.213)
    assertEquals(0.20993070442195522, LabelAgreement.fleissKappa(table, 5), 1e-12);
  }

  @Test
  void fleiss_kappa_refuses_items_with_different_numbers_of_labels() {
    List<Row> rows =
        List.of(
            RowFactory.create("a", "x", 0),
            RowFactory.create("a", "y", 0),
            RowFactory.create("b", "x", 1),
            RowFactory.create("b", "y", 0),
            RowFactory.create("b", "z", 0));
    Dataset<Row> table = SPARK.session().createDataFrame(rows, Labels.SCHEMA);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LabelAgreement.fleissKappa(table, 2));
    assertTrue(e.getMessage().contains("same number of labels"), e.getMessage());
    IllegalArgumentException range =
        assertThrows(IllegalArgumentException.class, () -> LabelAgreement.fleissKappa(table, 1));
    assertTrue(range.getMessage().contains("categories"), range.getMessage());
  }

  @Test
  void krippendorff_alpha_of_the_published_example() {
    // Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers × 12 units,
    // missing data
    double na = Double.NaN;
    double[][] data = {
      {1, 2, 3, 3, 2, 1, 4, 1, 2, na, na, na},
      {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, na, 3},
      {na, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, na},
      {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, na}
    };
    Dataset<Row> table = numericTable(data);
    assertEquals(0.743421052632, LabelAgreement.krippendorffAlpha(table, Metric.NOMINAL), 1e-9);
    assertEquals(0.849, LabelAgreement.krippendorffAlpha(table, Metric.INTERVAL), 5e-4);
  }

  @Property(trials = 2)
  void krippendorff_alpha_equals_the_single_machine_value(Gen gen) {
    int raters = gen.intIn(2, 5);
    int units = gen.intIn(20, 80);
    double[][] data = new double[raters][units];
    for (int u = 0; u < units; u++) {
      int truth = gen.intIn(1, 5);
      for (int w = 0; w < raters; w++) {
        double r = gen.uniform(0, 1);
        data[w][u] = r < 0.2 ? Double.NaN : r < 0.75 ? truth : gen.intIn(1, 5);
      }
    }
    Dataset<Row> table = numericTable(data);
    for (Metric m : Metric.values()) {
      assertEquals(
          KrippendorffAlpha.of(data, m),
          LabelAgreement.krippendorffAlpha(table, m),
          1e-12,
          m.name());
    }
  }

  private static Dataset<Row> numericTable(double[][] data) {
    StructType schema =
        new StructType()
            .add(LabelsTable.ITEM, DataTypes.StringType)
            .add(LabelsTable.ANNOTATOR, DataTypes.StringType)
            .add(LabelsTable.LABEL, DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int w = 0; w < data.length; w++) {
      for (int u = 0; u < data[w].length; u++) {
        if (!Double.isNaN(data[w][u])) {
          rows.add(RowFactory.create("u" + u, "w" + w, data[w][u]));
        }
      }
    }
    return SPARK.session().createDataFrame(rows, schema).repartition(3);
  }
}
