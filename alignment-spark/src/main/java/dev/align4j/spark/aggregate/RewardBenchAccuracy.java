package dev.align4j.spark.aggregate;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.eval.EvaluationReport;
import dev.align4j.rewards.eval.PreferenceCase;
import dev.align4j.rewards.eval.SectionScheme;
import dev.align4j.spark.RewardModelFactory;
import dev.align4j.spark.RewardScoring;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * RewardBench-style accuracy of a reward model over a table of test pairs: a pair is correct when
 * {@code r(prompt, chosen) > r(prompt, rejected)} (ties wrong, RewardBench's {@code run_rm.py}), per category and
 * overall, with optional sections ({@code SectionScheme}, e.g. {@code SectionScheme.rewardBench()}).
 *
 * <p>Input columns: {@value #PROMPT}, {@value #CHOSEN}, {@value #REJECTED}, {@value #CATEGORY} (strings).
 * {@link #evaluate(Dataset, RewardModelFactory)} scores both columns with {@link RewardScoring} (the model built once
 * per executor and scoring job — twice per executor, one job per column) and then counts;
 * {@link #evaluateScores} counts from scores already in the table ({@value #CHOSEN_SCORE}, {@value #REJECTED_SCORE},
 * doubles). Counting runs rewards' {@code RewardModelEvaluator} on batches of rows on the executors, over a model
 * that replays the scores, so the counts are those of the single-machine evaluation of the same scores; the driver
 * only adds per-category counts. Metrics the job does not compute (calibration, length bias, best-of-n, human
 * agreement) are null in the report.
 *
 * <p>Defaults: no sections; batches of 1024 rows per evaluator call (align4j's choice).
 */
public final class RewardBenchAccuracy implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Column: the prompt (one user message). */
  public static final String PROMPT = "prompt";

  /** Column: the completion that should score higher. */
  public static final String CHOSEN = "chosen";

  /** Column: the completion that should score lower. */
  public static final String REJECTED = "rejected";

  /** Column: the category (subset). */
  public static final String CATEGORY = "category";

  /** Column: the chosen completion's score. */
  public static final String CHOSEN_SCORE = "chosen_score";

  /** Column: the rejected completion's score. */
  public static final String REJECTED_SCORE = "rejected_score";

  /** The columns read, in the order the partition function sees them. */
  private static final List<String> COLUMNS =
      List.of(PROMPT, CHOSEN, REJECTED, CATEGORY, CHOSEN_SCORE, REJECTED_SCORE);

  private final int batchSize;
  private final transient SectionScheme scheme;

  private RewardBenchAccuracy(int batchSize, SectionScheme scheme) {
    this.batchSize = batchSize;
    this.scheme = scheme;
  }

  /** With no sections and batches of 1024. */
  public static RewardBenchAccuracy standard() {
    return new RewardBenchAccuracy(1024, SectionScheme.none());
  }

  /** A copy reporting the sections of {@code scheme}. */
  public RewardBenchAccuracy withSections(SectionScheme scheme) {
    return new RewardBenchAccuracy(batchSize, Require.nonNull("scheme", scheme));
  }

  /** A copy with another batch size ({@code >= 1}). */
  public RewardBenchAccuracy withBatchSize(int rows) {
    return new RewardBenchAccuracy(Require.positive("batchSize", rows), scheme);
  }

  /** Scores both completions of every pair with the factory's model and evaluates. */
  public EvaluationReport evaluate(Dataset<Row> pairs, RewardModelFactory model) {
    Require.nonNull("pairs", pairs);
    Require.nonNull("model", model);
    Dataset<Row> chosen =
        RewardScoring.builder(model)
            .promptColumn(PROMPT)
            .completionColumn(CHOSEN)
            .scoreColumn(CHOSEN_SCORE)
            .build()
            .score(pairs);
    Dataset<Row> both =
        RewardScoring.builder(model)
            .promptColumn(PROMPT)
            .completionColumn(REJECTED)
            .scoreColumn(REJECTED_SCORE)
            .build()
            .score(chosen);
    return evaluateScores(both);
  }

  /** Evaluates from the score columns {@value #CHOSEN_SCORE} and {@value #REJECTED_SCORE}. */
  public EvaluationReport evaluateScores(Dataset<Row> scored) {
    Require.nonNull("scored", scored);
    StructType schema = scored.schema();
    for (String c : List.of(PROMPT, CHOSEN, REJECTED, CATEGORY)) {
      LabelsTable.requireType(schema, c, List.of(DataTypes.StringType), "a string");
    }
    for (String c : List.of(CHOSEN_SCORE, REJECTED_SCORE)) {
      LabelsTable.requireType(schema, c, List.of(DataTypes.DoubleType), "a double");
    }
    RewardBenchAccuracy job = this;
    Dataset<Row> counts =
        scored
            .selectExpr(COLUMNS.toArray(new String[0]))
            .mapPartitions(
                (MapPartitionsFunction<Row, Row>) job::countPartition,
                Encoders.row(CategoryCounts.SCHEMA));
    return CategoryCounts.report(counts, scheme);
  }

  private Iterator<Row> countPartition(Iterator<Row> rows) {
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      Map<Completion, Double> scores = new IdentityHashMap<>();
      List<PreferenceCase> batch = new ArrayList<>(batchSize);
      while (rows.hasNext() && batch.size() < batchSize) {
        Row r = rows.next();
        for (int i = 0; i < r.length(); i++) {
          Require.argument(
              !r.isNullAt(i), "%s must not be null, but a row is %s", COLUMNS.get(i), r);
        }
        Completion chosen = Completion.of(r.getString(1));
        Completion rejected = Completion.of(r.getString(2));
        scores.put(chosen, r.getDouble(4));
        scores.put(rejected, r.getDouble(5));
        batch.add(new PreferenceCase(Prompt.of(r.getString(0)), chosen, rejected, r.getString(3)));
      }
      RewardModel replay =
          (prompt, completion) -> {
            Double s = scores.get(completion);
            if (s == null) {
              throw new IllegalStateException("no score recorded for " + completion);
            }
            return s;
          };
      out.addAll(CategoryCounts.of(replay, batch));
    }
    return out.iterator();
  }
}
