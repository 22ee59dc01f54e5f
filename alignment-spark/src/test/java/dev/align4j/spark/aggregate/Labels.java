package dev.align4j.spark.aggregate;

import dev.align4j.feedback.aggregate.Annotation;
import dev.align4j.testkit.Gen;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Generated labels tables for the aggregation and agreement tests. */
final class Labels {
  static final StructType SCHEMA =
      new StructType()
          .add(LabelsTable.ITEM, DataTypes.StringType, false)
          .add(LabelsTable.ANNOTATOR, DataTypes.StringType, false)
          .add(LabelsTable.LABEL, DataTypes.IntegerType, false);

  private Labels() {}

  /**
   * Items with a hidden true class; each annotator labels an item with probability {@code coverage} and is right
   * with an annotator-specific accuracy, else says a uniformly drawn other class.
   */
  static List<Annotation> generate(
      Gen gen, int items, int annotators, int categories, double coverage) {
    double[] accuracy = new double[annotators];
    for (int w = 0; w < annotators; w++) {
      accuracy[w] = gen.uniform(0.35, 0.95);
    }
    List<Annotation> out = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      int truth = gen.intIn(0, categories - 1);
      boolean any = false;
      for (int w = 0; w < annotators; w++) {
        if (gen.uniform(0, 1) >= coverage && (any || w < annotators - 1)) {
          continue;
        }
        any = true;
        int label = truth;
        if (gen.uniform(0, 1) > accuracy[w]) {
          label = (truth + gen.intIn(1, categories - 1)) % categories;
        }
        out.add(new Annotation("item-" + i, "annotator-" + w, label));
      }
    }
    return out;
  }

  static Dataset<Row> table(SparkSession spark, List<Annotation> labels, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (Annotation a : labels) {
      rows.add(RowFactory.create(a.item(), a.annotator(), a.label()));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
  }
}
