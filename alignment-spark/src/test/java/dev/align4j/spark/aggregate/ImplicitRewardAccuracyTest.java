package dev.align4j.spark.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.align4j.core.Policy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.reward.ImplicitReward;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.eval.CategoryResult;
import dev.align4j.rewards.eval.EvaluationReport;
import dev.align4j.rewards.eval.PreferenceCase;
import dev.align4j.rewards.eval.RewardModelEvaluator;
import dev.align4j.rewards.eval.SectionScheme;
import dev.align4j.rewards.rule.LengthUnit;
import dev.align4j.spark.LocalSpark;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.extension.RegisterExtension;

class ImplicitRewardAccuracyTest {
  @RegisterExtension static final LocalSpark SPARK = new LocalSpark();

  private static final StructType PAIRS =
      new StructType()
          .add("prompt", DataTypes.StringType)
          .add("chosen", DataTypes.StringType)
          .add("rejected", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("chosen_logps", DataTypes.createArrayType(DataTypes.DoubleType))
          .add("rejected_logps", DataTypes.createArrayType(DataTypes.DoubleType))
          .add("ref_chosen_logps", DataTypes.createArrayType(DataTypes.DoubleType))
          .add("ref_rejected_logps", DataTypes.createArrayType(DataTypes.DoubleType));

  /** A policy that looks its log-probabilities up by completion text (texts are unique in these tests). */
  private record ByText(Map<String, double[]> logps) implements Policy {
    @Override
    public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
      throw new UnsupportedOperationException();
    }

    @Override
    public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
      return new TokenLogProbs(logps.get(completion.text()));
    }
  }

  private static Double[] boxed(double[] v) {
    Double[] b = new Double[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = v[i];
    }
    return b;
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  @Property(trials = 4)
  void per_category_accuracy_equals_the_single_machine_evaluation(Gen gen) {
    int n = gen.intIn(60, 200);
    List<Row> rows = new ArrayList<>();
    List<PreferenceCase> cases = new ArrayList<>();
    Map<String, double[]> policy = new HashMap<>();
    Map<String, double[]> reference = new HashMap<>();
    Map<String, int[]> byHand = new TreeMap<>();
    Map<String, int[]> byHandNormalised = new TreeMap<>();
    Map<String, int[]> byHandFree = new TreeMap<>();
    String[] categories = {
      "alpacaeval-easy", "mt-bench-hard", "hep-java", "math-prm", "donotanswer"
    };
    for (int i = 0; i < n; i++) {
      String chosen = "chosen " + i;
      String rejected = "rejected " + i;
      String category = categories[gen.intIn(0, categories.length - 1)];
      // the policy and the reference score the same tokens of a completion
      int chosenTokens = gen.intIn(1, 12);
      int rejectedTokens = gen.intIn(1, 12);
      double[][] lp = {
        gen.logProbs(chosenTokens, -6),
        gen.logProbs(rejectedTokens, -6),
        gen.logProbs(chosenTokens, -6),
        gen.logProbs(rejectedTokens, -6)
      };
      policy.put(chosen, lp[0]);
      policy.put(rejected, lp[1]);
      reference.put(chosen, lp[2]);
      reference.put(rejected, lp[3]);
      rows.add(
          RowFactory.create(
              "prompt " + i,
              chosen,
              rejected,
              category,
              boxed(lp[0]),
              boxed(lp[1]),
              boxed(lp[2]),
              boxed(lp[3])));
      cases.add(
          new PreferenceCase(
              Prompt.of("prompt " + i), Completion.of(chosen), Completion.of(rejected), category));
      // the formula by hand: r = β·(Σ log π − Σ log π_ref), correct when r(chosen) > r(rejected)
      boolean correct = sum(lp[0]) - sum(lp[2]) > sum(lp[1]) - sum(lp[3]);
      count(byHand, category, correct);
      boolean correctNormalised =
          (sum(lp[0]) - sum(lp[2])) / lp[0].length > (sum(lp[1]) - sum(lp[3])) / lp[1].length;
      count(byHandNormalised, category, correctNormalised);
      count(byHandFree, category, sum(lp[0]) > sum(lp[1]));
    }
    Dataset<Row> table = SPARK.session().createDataFrame(rows, PAIRS).repartition(3);

    EvaluationReport report =
        ImplicitRewardAccuracy.builder()
            .batchSize(17)
            .sections(SectionScheme.rewardBench())
            .build()
            .evaluate(table);

    EvaluationReport local =
        RewardModelEvaluator.of(SectionScheme.rewardBench(), LengthUnit.WORDS, 10)
            .evaluate(ImplicitReward.of(new ByText(policy), new ByText(reference), 0.1), cases);
    assertEquals(local.categories(), report.categories());
    assertEquals(local.pairwiseAccuracy(), report.pairwiseAccuracy());
    assertEquals(local.sections(), report.sections());
    assertEquals(local.sectionScore(), report.sectionScore());
    assertEquals(n, report.pairCount());
    assertNull(report.expectedCalibrationError(), "not computed by the job");
    assertEquals(results(byHand), report.categories());
    assertEquals(
        results(byHandNormalised),
        ImplicitRewardAccuracy.builder()
            .lengthNormalized(true)
            .build()
            .evaluate(table)
            .categories());
    assertEquals(
        results(byHandFree),
        ImplicitRewardAccuracy.builder()
            .referenceFree()
            .beta(2)
            .build()
            .evaluate(table)
            .categories());
  }

  private static void count(Map<String, int[]> m, String category, boolean correct) {
    int[] c = m.computeIfAbsent(category, k -> new int[2]);
    c[0]++;
    if (correct) {
      c[1]++;
    }
  }

  private static Map<String, CategoryResult> results(Map<String, int[]> m) {
    Map<String, CategoryResult> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, new CategoryResult(v[0], v[1])));
    return out;
  }
}
