package dev.align4j.spark.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.eval.CategoryResult;
import dev.align4j.rewards.eval.EvaluationReport;
import dev.align4j.rewards.eval.PreferenceCase;
import dev.align4j.rewards.eval.RewardModelEvaluator;
import dev.align4j.rewards.eval.SectionScheme;
import dev.align4j.rewards.rule.LengthUnit;
import dev.align4j.spark.LocalSpark;
import dev.align4j.spark.RewardModelFactory;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RewardBenchAccuracyTest {
  @RegisterExtension static final LocalSpark SPARK = new LocalSpark();

  private static final StructType PAIRS =
      new StructType()
          .add("prompt", DataTypes.StringType)
          .add("chosen", DataTypes.StringType)
          .add("rejected", DataTypes.StringType)
          .add("category", DataTypes.StringType);

  /** Words in the completion, plus one per "please": many ties, which RewardBench counts as wrong. */
  private static double words(Prompt prompt, Completion completion) {
    String t = completion.text();
    return t.split(" ").length + (t.contains("please") ? 1 : 0);
  }

  @Property(trials = 3)
  void per_category_accuracy_equals_the_single_machine_evaluator(Gen gen) {
    String[] categories = {
      "alpacaeval-easy", "llmbar-natural", "xstest-should-refuse", "hep-go", "math-prm"
    };
    List<Row> rows = new ArrayList<>();
    List<PreferenceCase> cases = new ArrayList<>();
    Map<String, int[]> byHand = new TreeMap<>();
    int n = gen.intIn(50, 150);
    for (int i = 0; i < n; i++) {
      String prompt = "prompt " + gen.intIn(0, 20);
      String chosen = gen.text(8) + (gen.bool() ? " please" : "") + " #" + i;
      String rejected = gen.text(8) + " ~" + i;
      String category = categories[gen.intIn(0, categories.length - 1)];
      rows.add(RowFactory.create(prompt, chosen, rejected, category));
      cases.add(
          new PreferenceCase(
              Prompt.of(prompt), Completion.of(chosen), Completion.of(rejected), category));
      int[] c = byHand.computeIfAbsent(category, k -> new int[2]);
      c[0]++;
      if (words(null, Completion.of(chosen)) > words(null, Completion.of(rejected))) {
        c[1]++;
      }
    }
    Dataset<Row> table = SPARK.session().createDataFrame(rows, PAIRS).repartition(3);
    RewardModelFactory factory = () -> RewardBenchAccuracyTest::words;

    EvaluationReport report =
        RewardBenchAccuracy.standard()
            .withSections(SectionScheme.rewardBench())
            .withBatchSize(13)
            .evaluate(table, factory);

    RewardModel model = RewardBenchAccuracyTest::words;
    EvaluationReport local =
        RewardModelEvaluator.of(SectionScheme.rewardBench(), LengthUnit.WORDS, 10)
            .evaluate(model, cases);
    assertEquals(local.categories(), report.categories());
    assertEquals(local.pairwiseAccuracy(), report.pairwiseAccuracy());
    assertEquals(local.sections(), report.sections());
    assertEquals(local.sectionScore(), report.sectionScore());
    Map<String, CategoryResult> expected = new TreeMap<>();
    byHand.forEach((k, v) -> expected.put(k, new CategoryResult(v[0], v[1])));
    assertEquals(expected, report.categories());
  }

  @Test
  void scores_already_in_the_table_are_counted_with_ties_wrong() {
    StructType scored =
        PAIRS.add("chosen_score", DataTypes.DoubleType).add("rejected_score", DataTypes.DoubleType);
    List<Row> rows =
        List.of(
            RowFactory.create("p", "a1", "b1", "chat", 1.0, 0.5),
            RowFactory.create("p", "a2", "b2", "chat", 0.5, 0.5),
            RowFactory.create("p", "a3", "b3", "chat", 0.1, 0.9),
            RowFactory.create("q", "a4", "b4", "safety", 2.0, -1.0));
    EvaluationReport r =
        RewardBenchAccuracy.standard()
            .evaluateScores(SPARK.session().createDataFrame(rows, scored));
    assertEquals(new CategoryResult(3, 1), r.categories().get("chat"));
    assertEquals(new CategoryResult(1, 1), r.categories().get("safety"));
    assertEquals(0.5, r.pairwiseAccuracy(), 0.0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RewardBenchAccuracy.standard()
                    .evaluateScores(
                        SPARK.session().createDataFrame(rows, scored).drop("category")));
    assertTrue(e.getMessage().contains("category"), e.getMessage());
  }
}
