package dev.align4j.spark.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.feedback.aggregate.AggregatedLabel;
import dev.align4j.feedback.aggregate.Annotation;
import dev.align4j.feedback.aggregate.DawidSkene;
import dev.align4j.feedback.aggregate.DawidSkeneResult;
import dev.align4j.feedback.aggregate.TiePolicy;
import dev.align4j.feedback.aggregate.WeightedMajorityVote;
import dev.align4j.spark.LocalSpark;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LabelAggregationTest {
  @RegisterExtension static final LocalSpark SPARK = new LocalSpark();

  private static Map<String, Row> byItem(Dataset<Row> out) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : out.collectAsList()) {
      assertEquals(null, m.put(r.getString(0), r), "item twice in the output: " + r);
    }
    return m;
  }

  private static double[] distribution(Row r) {
    List<Double> d = r.getList(2);
    return d.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Property(trials = 4)
  void majority_and_weighted_votes_equal_the_single_machine_votes_item_for_item(Gen gen) {
    List<Annotation> labels = Labels.generate(gen, gen.intIn(30, 80), gen.intIn(3, 6), 3, 0.6);
    Dataset<Row> table = Labels.table(SPARK.session(), labels, 3);
    Map<String, Double> weights = new HashMap<>();
    for (int w = 0; w < 6; w++) {
      weights.put("annotator-" + w, gen.uniform(0.1, 2));
    }

    Map<String, Row> majority = byItem(LabelAggregation.majority(table, 3, TieRule.seeded(7)));
    Map<String, Row> weighted =
        byItem(LabelAggregation.weightedMajority(table, 3, weights, 1.0, TieRule.lowestLabel()));

    Map<String, AggregatedLabel> expected =
        WeightedMajorityVote.majority(3, TiePolicy.seeded(7)).aggregate(labels);
    Map<String, AggregatedLabel> expectedWeighted =
        WeightedMajorityVote.weighted(3, weights, 1.0, TiePolicy.lowestLabel()).aggregate(labels);
    assertEquals(expected.keySet(), majority.keySet());
    for (AggregatedLabel e : expected.values()) {
      Row r = majority.get(e.item());
      assertEquals(e.label(), r.getInt(1), e.item());
      assertArrayEquals(e.distribution(), distribution(r), 0.0, e.item());
      assertEquals(e.support(), r.getInt(3));
      AggregatedLabel ew = expectedWeighted.get(e.item());
      Row rw = weighted.get(e.item());
      assertEquals(ew.label(), rw.getInt(1), e.item());
      assertArrayEquals(ew.distribution(), distribution(rw), 1e-12, e.item());
    }
  }

  @Property(trials = 3)
  void dawid_skene_equals_the_single_machine_fit(Gen gen) {
    List<Annotation> labels = Labels.generate(gen, gen.intIn(40, 90), gen.intIn(3, 5), 3, 0.7);
    Dataset<Row> table = Labels.table(SPARK.session(), labels, 4);

    DawidSkeneResult spark = LabelAggregation.dawidSkene(table, DawidSkene.of(3));

    List<Annotation> sorted = new ArrayList<>(labels);
    sorted.sort(Comparator.comparing(Annotation::item).thenComparing(Annotation::annotator));
    DawidSkeneResult local = DawidSkene.of(3).fit(sorted);
    assertEquals(local.labels(), spark.labels(), "labels and posteriors, item for item");
    assertArrayEquals(local.priors(), spark.priors(), 0.0);
    assertEquals(local.logLikelihoods(), spark.logLikelihoods());
    // the input order only changes the order of floating-point additions
    DawidSkeneResult unsorted = DawidSkene.of(3).fit(labels);
    for (AggregatedLabel l : unsorted.labels().values()) {
      assertArrayEquals(l.distribution(), spark.labels().get(l.item()).distribution(), 1e-9);
    }
    Map<String, Row> back =
        byItem(LabelAggregation.toDataset(SPARK.session(), spark.labels().values()));
    assertEquals(spark.labels().size(), back.size());
  }

  @Test
  void a_hand_computed_vote_and_an_abstaining_tie() {
    List<Row> rows =
        List.of(
            RowFactory.create("x", "ann", 0L),
            RowFactory.create("x", "bob", 0L),
            RowFactory.create("x", "cy", 1L),
            RowFactory.create("y", "ann", 0L),
            RowFactory.create("y", "bob", 2L));
    StructType longLabels =
        new StructType()
            .add(LabelsTable.ITEM, DataTypes.StringType)
            .add(LabelsTable.ANNOTATOR, DataTypes.StringType)
            .add(LabelsTable.LABEL, DataTypes.LongType);
    Map<String, Row> out =
        byItem(
            LabelAggregation.majority(
                SPARK.session().createDataFrame(rows, longLabels), 3, TieRule.abstain()));
    assertEquals(0, out.get("x").getInt(1));
    assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3, 0}, distribution(out.get("x")), 1e-15);
    assertEquals(3, out.get("x").getInt(3));
    assertEquals(TiePolicy.NO_LABEL, out.get("y").getInt(1));
    assertArrayEquals(new double[] {0.5, 0, 0.5}, distribution(out.get("y")), 1e-15);
  }

  @Test
  void a_table_without_an_integer_label_is_refused_with_its_schema() {
    StructType textLabels =
        new StructType()
            .add(LabelsTable.ITEM, DataTypes.StringType)
            .add(LabelsTable.ANNOTATOR, DataTypes.StringType)
            .add(LabelsTable.LABEL, DataTypes.StringType);
    Dataset<Row> table =
        SPARK.session().createDataFrame(List.of(RowFactory.create("x", "ann", "A")), textLabels);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LabelAggregation.majority(table, 3, TieRule.abstain()));
    assertTrue(
        e.getMessage().contains("label holding an integer")
            && e.getMessage().contains("label:string"),
        e.getMessage());
  }
}
