package dev.align4j.spark.aggregate;

import static org.apache.spark.sql.functions.col;

import dev.align4j.core.check.Require;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The labels table the aggregation and agreement jobs read: one row per label, columns {@value #ITEM} (string, the
 * item id), {@value #ANNOTATOR} (string, a person's or a judge's id) and {@value #LABEL} (an integer category
 * {@code 0..K−1}, e.g. {@code 0 = A, 1 = B, 2 = TIE} for pairs; Krippendorff's α also takes a numeric rating). It is
 * the table form of feedback's {@code Annotation}. Other columns are ignored.
 */
public final class LabelsTable {
  /** Column: item id. */
  public static final String ITEM = "item";

  /** Column: annotator id. */
  public static final String ANNOTATOR = "annotator";

  /** Column: the label. */
  public static final String LABEL = "label";

  private static final List<DataType> INTEGRAL =
      List.of(DataTypes.ByteType, DataTypes.ShortType, DataTypes.IntegerType, DataTypes.LongType);

  private LabelsTable() {}

  /**
   * The table's three columns with the label as an {@code int}, after checking the schema.
   *
   * @throws IllegalArgumentException when a column is missing or of another type (the message shows the schema)
   */
  static Dataset<Row> categorical(Dataset<Row> labels) {
    Require.nonNull("labels", labels);
    StructType schema = labels.schema();
    requireType(schema, ITEM, List.of(DataTypes.StringType), "a string");
    requireType(schema, ANNOTATOR, List.of(DataTypes.StringType), "a string");
    requireType(schema, LABEL, INTEGRAL, "an integer");
    return labels.select(
        col(ITEM), col(ANNOTATOR), col(LABEL).cast(DataTypes.IntegerType).as(LABEL));
  }

  /** The table's three columns with a numeric label as a {@code double}. */
  static Dataset<Row> numeric(Dataset<Row> labels) {
    Require.nonNull("labels", labels);
    StructType schema = labels.schema();
    requireType(schema, ITEM, List.of(DataTypes.StringType), "a string");
    requireType(schema, ANNOTATOR, List.of(DataTypes.StringType), "a string");
    List<DataType> numeric =
        List.of(
            DataTypes.ByteType,
            DataTypes.ShortType,
            DataTypes.IntegerType,
            DataTypes.LongType,
            DataTypes.FloatType,
            DataTypes.DoubleType);
    requireType(schema, LABEL, numeric, "a number");
    return labels.select(
        col(ITEM), col(ANNOTATOR), col(LABEL).cast(DataTypes.DoubleType).as(LABEL));
  }

  static void requireType(StructType schema, String column, List<DataType> types, String what) {
    Require.argument(
        Arrays.asList(schema.fieldNames()).contains(column)
            && types.contains(schema.apply(column).dataType()),
        "the table must have a column %s holding %s, but its schema is %s",
        column,
        what,
        schema.simpleString());
  }
}
