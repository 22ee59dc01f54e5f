package dev.align4j.spark.aggregate;

import static org.apache.spark.sql.functions.col;

import dev.align4j.core.check.Require;
import dev.align4j.feedback.aggregate.AggregatedLabel;
import dev.align4j.feedback.aggregate.Annotation;
import dev.align4j.feedback.aggregate.DawidSkene;
import dev.align4j.feedback.aggregate.DawidSkeneResult;
import dev.align4j.feedback.aggregate.WeightedMajorityVote;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * Label aggregation over a {@link LabelsTable}, delegating to feedback's aggregators so that every label equals the
 * single-machine result.
 *
 * <ul>
 *   <li>{@link #majority} and {@link #weightedMajority}: the table is shuffled by item and sorted within partitions,
 *       and each item's labels are passed to {@code WeightedMajorityVote.aggregate} on the executor — one item in
 *       memory at a time, so any number of items.
 *   <li>{@link #dawidSkene}: Dawid–Skene's EM couples all items through the annotators' confusion matrices, so it
 *       runs on the driver: the labels are streamed there partition by partition ({@code toLocalIterator}), sorted by
 *       item and annotator (the result does not depend on the partitioning) and fitted by {@code DawidSkene.fit}.
 *       Driver memory grows with the number of labels (about 100 bytes per label: 10 million labels need about 1 GB
 *       of driver heap); a labels table is small next to the conversations it labels.
 * </ul>
 *
 * <p>Output of the votes ({@link #OUTPUT}): {@code item}, {@code label} (the winning category, or −1 when the tie
 * rule abstained), {@code distribution} (the soft label over categories) and {@code support} (labels counted).
 */
public final class LabelAggregation {
  /** Output column: the soft label over categories. */
  public static final String DISTRIBUTION = "distribution";

  /** Output column: the number of labels the item's result rests on. */
  public static final String SUPPORT = "support";

  /** The schema of an aggregated-labels table. */
  public static final StructType OUTPUT =
      new StructType(
          new StructField[] {
            new StructField(LabelsTable.ITEM, DataTypes.StringType, false, Metadata.empty()),
            new StructField(LabelsTable.LABEL, DataTypes.IntegerType, false, Metadata.empty()),
            new StructField(
                DISTRIBUTION,
                DataTypes.createArrayType(DataTypes.DoubleType, false),
                false,
                Metadata.empty()),
            new StructField(SUPPORT, DataTypes.IntegerType, false, Metadata.empty())
          });

  private LabelAggregation() {}

  /**
   * Plain majority vote per item ({@code WeightedMajorityVote.majority}).
   *
   * @param categories the number of categories K, labels in {@code 0..K−1}
   * @param ties how ties are broken
   */
  public static Dataset<Row> majority(Dataset<Row> labels, int categories, TieRule ties) {
    return weightedMajority(labels, categories, Map.of(), 1.0, ties);
  }

  /**
   * Weighted majority vote per item ({@code WeightedMajorityVote.weighted}); weights may come from gold items or
   * from {@code DawidSkeneResult.accuracy}.
   *
   * @param weights per-annotator weights ({@code >= 0})
   * @param defaultWeight the weight of annotators missing from {@code weights}
   */
  public static Dataset<Row> weightedMajority(
      Dataset<Row> labels,
      int categories,
      Map<String, Double> weights,
      double defaultWeight,
      TieRule ties) {
    Require.nonNull("weights", weights);
    Require.nonNull("ties", ties);
    HashMap<String, Double> w = new HashMap<>(weights);
    // fails here, on the driver, with feedback's message when an argument is invalid
    WeightedMajorityVote.weighted(categories, w, defaultWeight, ties.policy());
    Dataset<Row> table =
        LabelsTable.categorical(labels)
            .repartition(col(LabelsTable.ITEM))
            .sortWithinPartitions(LabelsTable.ITEM);
    return table.mapPartitions(
        (MapPartitionsFunction<Row, Row>)
            rows -> {
              WeightedMajorityVote vote =
                  WeightedMajorityVote.weighted(categories, w, defaultWeight, ties.policy());
              return new ByItem(
                  rows, group -> toRow(vote.aggregate(group).values().iterator().next()));
            },
        Encoders.row(OUTPUT));
  }

  /**
   * Dawid–Skene over the whole table, fitted on the driver (see the class comment for the memory it needs).
   *
   * @param model the configured model, e.g. {@code DawidSkene.of(3)}
   */
  public static DawidSkeneResult dawidSkene(Dataset<Row> labels, DawidSkene model) {
    Require.nonNull("model", model);
    Iterator<Row> rows = LabelsTable.categorical(labels).toLocalIterator();
    List<Annotation> annotations = new ArrayList<>();
    while (rows.hasNext()) {
      annotations.add(annotation(rows.next()));
    }
    annotations.sort(Comparator.comparing(Annotation::item).thenComparing(Annotation::annotator));
    return model.fit(annotations);
  }

  /** Aggregated labels (e.g. {@code dawidSkene(...).labels().values()}) as a table with the {@link #OUTPUT} schema. */
  public static Dataset<Row> toDataset(SparkSession spark, Collection<AggregatedLabel> labels) {
    Require.nonNull("spark", spark);
    Require.nonNull("labels", labels);
    List<Row> rows = new ArrayList<>(labels.size());
    for (AggregatedLabel l : labels) {
      rows.add(toRow(l));
    }
    return spark.createDataFrame(rows, OUTPUT);
  }

  static Annotation annotation(Row row) {
    for (int i = 0; i < 3; i++) {
      if (row.isNullAt(i)) {
        throw new IllegalArgumentException(
            "labels must have no null "
                + List.of(LabelsTable.ITEM, LabelsTable.ANNOTATOR, LabelsTable.LABEL).get(i)
                + ", but a row is "
                + row);
      }
    }
    return new Annotation(row.getString(0), row.getString(1), row.getInt(2));
  }

  private static Row toRow(AggregatedLabel label) {
    double[] d = label.distribution();
    Double[] boxed = new Double[d.length];
    for (int i = 0; i < d.length; i++) {
      boxed[i] = d[i];
    }
    return RowFactory.create(label.item(), label.label(), boxed, label.support());
  }

  /** Groups consecutive rows of one item (the input is sorted by item) and maps each group to one output row. */
  private static final class ByItem implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final Function<List<Annotation>, Row> perItem;
    private @Nullable Annotation pending;

    ByItem(Iterator<Row> rows, Function<List<Annotation>, Row> perItem) {
      this.rows = rows;
      this.perItem = perItem;
    }

    @Override
    public boolean hasNext() {
      return pending != null || rows.hasNext();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more items in this partition");
      }
      List<Annotation> group = new ArrayList<>();
      group.add(pending != null ? pending : annotation(rows.next()));
      pending = null;
      String item = group.get(0).item();
      while (rows.hasNext()) {
        Annotation a = annotation(rows.next());
        if (!a.item().equals(item)) {
          pending = a;
          break;
        }
        group.add(a);
      }
      return perItem.apply(group);
    }
  }
}
