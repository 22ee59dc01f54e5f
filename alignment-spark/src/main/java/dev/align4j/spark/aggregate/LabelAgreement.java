package dev.align4j.spark.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.align4j.core.check.Require;
import dev.align4j.feedback.agreement.CohenKappa;
import dev.align4j.feedback.agreement.FleissKappa;
import dev.align4j.feedback.agreement.KrippendorffAlpha;
import dev.align4j.feedback.agreement.Weighting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Inter-annotator agreement over a {@link LabelsTable}, delegating to feedback's {@code CohenKappa},
 * {@code FleissKappa} and {@code KrippendorffAlpha}.
 *
 * <p>All three coefficients depend on the items only through each item's labels (Cohen: the pair of the two
 * annotators' labels; Fleiss: the count per category; Krippendorff: the multiset of values), so Spark reduces the
 * table to its distinct <em>profiles</em> with their multiplicities — a handful of rows whatever the number of items —
 * and the driver hands feedback's functions an input with one entry per item built from those profiles (Fleiss' rows
 * shared between items of one profile). The coefficient is therefore the single-machine one: Cohen's κ bit for bit
 * (its sums add the same terms per cell), Fleiss' κ and α up to the order of floating-point additions. Driver memory
 * is a few bytes per item: 8 for Cohen, 4 to 8 (a reference) for Fleiss, 8 per value slot for α.
 */
public final class LabelAgreement {
  private LabelAgreement() {}

  /**
   * Cohen's (weighted) κ between two annotators over the items both labelled.
   *
   * @param categories K, labels in {@code 0..K−1}
   * @throws IllegalArgumentException when an annotator labelled an item more than once, or they share no item
   */
  public static double cohenKappa(
      Dataset<Row> labels,
      String annotator1,
      String annotator2,
      int categories,
      Weighting weighting) {
    Require.nonBlank("annotator1", annotator1);
    Require.nonBlank("annotator2", annotator2);
    Require.argument(
        !annotator1.equals(annotator2),
        "annotator2 must differ from annotator1, both were %s",
        annotator1);
    Require.nonNull("weighting", weighting);
    Column by1 = col(LabelsTable.ANNOTATOR).equalTo(annotator1);
    Column by2 = col(LabelsTable.ANNOTATOR).equalTo(annotator2);
    List<Row> cells =
        LabelsTable.categorical(labels)
            .filter(by1.or(by2))
            .groupBy(LabelsTable.ITEM)
            .agg(
                sum(when(by1, 1).otherwise(0)).as("n1"),
                sum(when(by2, 1).otherwise(0)).as("n2"),
                max(when(by1, col(LabelsTable.LABEL))).as("l1"),
                max(when(by2, col(LabelsTable.LABEL))).as("l2"))
            .filter(col("n1").geq(1).and(col("n2").geq(1)))
            .groupBy(col("n1").gt(1).or(col("n2").gt(1)).as("dup"), col("l1"), col("l2"))
            .agg(count(lit(1)).as("n"), min(LabelsTable.ITEM).as("example"))
            .collectAsList();
    List<int[]> table = new ArrayList<>();
    long total = 0;
    for (Row r : cells) {
      Require.argument(
          !r.isNullAt(1) && !r.isNullAt(2),
          "labels must not be null, but %s or %s gave a null label (e.g. on item %s)",
          annotator1,
          annotator2,
          r.getString(4));
      Require.argument(
          !r.getBoolean(0),
          "each annotator must label an item at most once, but %s or %s labelled item %s more than once",
          annotator1,
          annotator2,
          r.getString(4));
      table.add(new int[] {r.getInt(1), r.getInt(2), Math.toIntExact(r.getLong(3))});
      total += r.getLong(3);
    }
    Require.argument(
        total > 0,
        "annotators %s and %s must share at least one item, but share none",
        annotator1,
        annotator2);
    table.sort(Comparator.<int[]>comparingInt(c -> c[0]).thenComparingInt(c -> c[1]));
    int[] r1 = new int[Math.toIntExact(total)];
    int[] r2 = new int[r1.length];
    int i = 0;
    for (int[] cell : table) {
      Arrays.fill(r1, i, i + cell[2], cell[0]);
      Arrays.fill(r2, i, i + cell[2], cell[1]);
      i += cell[2];
    }
    return CohenKappa.weighted(r1, r2, categories, weighting);
  }

  /**
   * Fleiss' κ over every item; every item must carry the same number of labels (at least 2).
   *
   * @param categories K, labels in {@code 0..K−1}
   */
  public static double fleissKappa(Dataset<Row> labels, int categories) {
    Require.argument(categories >= 2, "categories must be >= 2, was %d", categories);
    Dataset<Row> table = LabelsTable.categorical(labels);
    requireCategories(table, categories);
    Column[] perCategory = new Column[categories];
    String[] names = new String[categories];
    for (int k = 0; k < categories; k++) {
      names[k] = "c" + k;
      perCategory[k] = sum(when(col(LabelsTable.LABEL).equalTo(k), 1).otherwise(0)).as(names[k]);
    }
    Column[] profile = new Column[categories];
    for (int k = 0; k < categories; k++) {
      profile[k] = col(names[k]);
    }
    List<Row> profiles =
        table
            .groupBy(LabelsTable.ITEM)
            .agg(perCategory[0], Arrays.copyOfRange(perCategory, 1, categories))
            .groupBy(profile)
            .agg(count(lit(1)).as("n"), min(LabelsTable.ITEM).as("example"))
            .collectAsList();
    List<int[]> distinct = new ArrayList<>();
    List<Long> multiplicity = new ArrayList<>();
    long total = 0;
    int m = -1;
    String mExample = "";
    for (Row r : profiles) {
      int[] counts = new int[categories];
      int raters = 0;
      for (int k = 0; k < categories; k++) {
        counts[k] = Math.toIntExact(r.getLong(k));
        raters += counts[k];
      }
      String example = r.getString(categories + 1);
      if (m < 0) {
        m = raters;
        mExample = example;
      }
      Require.argument(
          raters == m,
          "every item must carry the same number of labels for Fleiss' kappa, but item %s has %d and item %s has %d",
          mExample,
          m,
          example,
          raters);
      distinct.add(counts);
      multiplicity.add(r.getLong(categories));
      total += r.getLong(categories);
    }
    Require.argument(total > 0, "labels must hold at least one item, had none");
    int[][] units = new int[Math.toIntExact(total)][];
    Integer[] order = new Integer[distinct.size()];
    for (int j = 0; j < order.length; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (x, y) -> Arrays.compare(distinct.get(x), distinct.get(y)));
    int u = 0;
    for (int j : order) {
      for (long c = 0; c < multiplicity.get(j); c++) {
        units[u++] = distinct.get(j);
      }
    }
    return FleissKappa.of(units);
  }

  /**
   * Krippendorff's α over every item, with any number of labels per item (items with fewer than two are not
   * pairable and count for nothing, as in the single-machine function). The label may be any number.
   */
  public static double krippendorffAlpha(Dataset<Row> labels, KrippendorffAlpha.Metric metric) {
    Require.nonNull("metric", metric);
    List<Row> profiles =
        LabelsTable.numeric(labels)
            .filter(col(LabelsTable.LABEL).isNotNull())
            .groupBy(LabelsTable.ITEM)
            .agg(sort_array(collect_list(col(LabelsTable.LABEL))).as("values"))
            .groupBy(col("values"))
            .agg(count(lit(1)).as("n"))
            .collectAsList();
    List<double[]> distinct = new ArrayList<>();
    List<Long> multiplicity = new ArrayList<>();
    long total = 0;
    int width = 0;
    for (Row r : profiles) {
      List<Double> values = r.getList(0);
      double[] v = new double[values.size()];
      for (int j = 0; j < v.length; j++) {
        v[j] = values.get(j);
      }
      width = Math.max(width, v.length);
      distinct.add(v);
      multiplicity.add(r.getLong(1));
      total += r.getLong(1);
    }
    Require.argument(total > 0, "labels must hold at least one item, had none");
    Integer[] order = new Integer[distinct.size()];
    for (int j = 0; j < order.length; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (x, y) -> Arrays.compare(distinct.get(x), distinct.get(y)));
    double[][] data = new double[width][Math.toIntExact(total)];
    for (double[] slot : data) {
      Arrays.fill(slot, Double.NaN);
    }
    int u = 0;
    for (int j : order) {
      double[] v = distinct.get(j);
      for (long c = 0; c < multiplicity.get(j); c++) {
        for (int s = 0; s < v.length; s++) {
          data[s][u] = v[s];
        }
        u++;
      }
    }
    return KrippendorffAlpha.of(data, metric);
  }

  private static void requireCategories(Dataset<Row> table, int categories) {
    Row range = table.agg(min(LabelsTable.LABEL), max(LabelsTable.LABEL)).first();
    if (range.isNullAt(0)) {
      return;
    }
    Require.argument(
        range.getInt(0) >= 0 && range.getInt(1) < categories,
        "labels must be categories in [0, %d], but range over [%d, %d]",
        categories - 1,
        range.getInt(0),
        range.getInt(1));
  }
}
