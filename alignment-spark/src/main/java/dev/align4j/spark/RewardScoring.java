package dev.align4j.spark;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.ExplainableReward;
import dev.align4j.rewards.RewardBreakdown;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * Scores a dataset of (prompt, completion) rows with any {@link RewardModel}: the job's {@link RewardModelFactory} is
 * broadcast, each executor JVM builds the model once for this job and shares it among its tasks, and each partition
 * is streamed through the model in batches. The output is the input with a {@code double} score column added (and,
 * for an {@link ExplainableReward} such as a composite reward, one column per named component of its breakdown).
 *
 * <p>A batch is a run of consecutive rows with the same prompt, at most {@link Builder#batchSize(int)} rows, scored
 * with one {@link RewardModel#scoreAll(Prompt, List)} call; so each score is exactly what the single-machine call
 * {@code model.scoreAll(prompt, completions)} returns for that run. For a model whose score does not depend on the
 * other completions of the group (every featurized, rule or composite model) that is {@code model.score(prompt,
 * completion)} row for row. A group-relative model (for example a group-wise judge) sees the completions of a prompt
 * as one group only when they are consecutive: {@link Builder#clusterByPrompt(boolean)} repartitions and sorts the
 * rows by prompt first, so that each prompt's completions (up to the batch size) form one group.
 *
 * <p>With breakdown columns, each row is scored with {@link ExplainableReward#explain} (whose total is the score, by
 * that interface's contract), and the score column holds the total. Partitions are streamed: a task holds one batch
 * at a time, never its whole partition.
 */
public final class RewardScoring {
  private final RewardModelFactory factory;
  private final String jobId;
  private final String promptColumn;
  private final String completionColumn;
  private final String scoreColumn;
  private final int batchSize;
  private final List<String> breakdown;
  private final boolean clusterByPrompt;

  private RewardScoring(Builder b) {
    this.factory = b.factory;
    this.jobId = "reward-scoring-" + UUID.randomUUID();
    this.promptColumn = b.promptColumn;
    this.completionColumn = b.completionColumn;
    this.scoreColumn = b.scoreColumn;
    this.batchSize = b.batchSize;
    this.breakdown = List.copyOf(b.breakdown);
    this.clusterByPrompt = b.clusterByPrompt;
  }

  /** A builder for scoring with the models {@code factory} builds. */
  public static Builder builder(RewardModelFactory factory) {
    return new Builder(Require.nonNull("factory", factory));
  }

  /** The breakdown column of component {@code component}: {@code <score>_<component>}, dots as {@code _}. */
  public String breakdownColumn(String component) {
    return scoreColumn + "_" + component.replace('.', '_');
  }

  /**
   * The schema of {@link #score}'s output for input schema {@code input}: the input's columns, then the score
   * column, then the breakdown columns in the order given to the builder.
   */
  public StructType outputSchema(StructType input) {
    Require.nonNull("input", input);
    List<String> names = Arrays.asList(input.fieldNames());
    requireStringColumn(input, names, "promptColumn", promptColumn);
    requireStringColumn(input, names, "completionColumn", completionColumn);
    List<String> added = new ArrayList<>();
    added.add(scoreColumn);
    breakdown.forEach(c -> added.add(breakdownColumn(c)));
    StructType out = input;
    for (String a : added) {
      Require.argument(
          !Arrays.asList(out.fieldNames()).contains(a),
          "the output column \"%s\" already exists in the input %s; choose another scoreColumn",
          a,
          names);
      out = out.add(DataTypes.createStructField(a, DataTypes.DoubleType, false));
    }
    return out;
  }

  private static void requireStringColumn(
      StructType input, List<String> names, String argument, String column) {
    Require.argument(
        names.contains(column), "%s must name a column of %s, was \"%s\"", argument, names, column);
    StructField f = input.apply(column);
    Require.argument(
        f.dataType().equals(DataTypes.StringType),
        "%s \"%s\" must be a string column, was %s",
        argument,
        column,
        f.dataType().simpleString());
  }

  /**
   * Adds the score (and breakdown) columns to {@code rows}. Lazy, like every Spark transformation: the model is built
   * and rows are scored when an action runs.
   *
   * @throws IllegalArgumentException when a column is missing, is not a string column, or an output column exists
   */
  public Dataset<Row> score(Dataset<Row> rows) {
    Require.nonNull("rows", rows);
    StructType schema = outputSchema(rows.schema());
    Dataset<Row> input = rows;
    if (clusterByPrompt) {
      input = rows.repartition(functions.col(promptColumn)).sortWithinPartitions(promptColumn);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
    Broadcast<RewardModelFactory> shared = jsc.broadcast(factory);
    int width = rows.schema().size();
    ScorePartition task =
        new ScorePartition(
            jobId,
            shared,
            rows.schema().fieldIndex(promptColumn),
            rows.schema().fieldIndex(completionColumn),
            width,
            batchSize,
            breakdown);
    return input.mapPartitions(task, Encoders.row(schema));
  }

  /** The task run on each partition: builds (or finds) the executor's model and streams the rows through it. */
  private static final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String jobId;
    private final Broadcast<RewardModelFactory> factory;
    private final int prompt;
    private final int completion;
    private final int width;
    private final int batchSize;
    private final List<String> breakdown;

    ScorePartition(
        String jobId,
        Broadcast<RewardModelFactory> factory,
        int prompt,
        int completion,
        int width,
        int batchSize,
        List<String> breakdown) {
      this.jobId = jobId;
      this.factory = factory;
      this.prompt = prompt;
      this.completion = completion;
      this.width = width;
      this.batchSize = batchSize;
      this.breakdown = breakdown;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      RewardModel model = ExecutorModels.get(jobId, () -> factory.value().create());
      if (!breakdown.isEmpty() && !(model instanceof ExplainableReward)) {
        throw new IllegalArgumentException(
            "breakdown columns "
                + breakdown
                + " need an ExplainableReward (a composite reward), but the factory built a "
                + model.getClass().getName());
      }
      return new Batches(rows, model);
    }

    /** Pulls one batch (a run of one prompt) at a time from the partition and hands out its scored rows. */
    private final class Batches implements Iterator<Row> {
      private final Iterator<Row> in;
      private final RewardModel model;
      private final ArrayDeque<Row> ready = new ArrayDeque<>();
      private @Nullable Row pending;

      Batches(Iterator<Row> in, RewardModel model) {
        this.in = in;
        this.model = model;
      }

      @Override
      public boolean hasNext() {
        if (ready.isEmpty()) {
          fill();
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }

      private void fill() {
        if (pending == null && in.hasNext()) {
          pending = in.next();
        }
        if (pending == null) {
          return;
        }
        String promptText = text(pending, prompt, "prompt");
        List<Row> batch = new ArrayList<>();
        List<Completion> completions = new ArrayList<>();
        while (pending != null
            && batch.size() < batchSize
            && promptText.equals(text(pending, prompt, "prompt"))) {
          batch.add(pending);
          completions.add(Completion.of(text(pending, completion, "completion")));
          pending = in.hasNext() ? in.next() : null;
        }
        Prompt p = Prompt.of(promptText);
        if (breakdown.isEmpty()) {
          double[] scores = model.scoreAll(p, completions);
          if (scores.length != batch.size()) {
            throw new IllegalStateException(
                model.getClass().getName()
                    + ".scoreAll returned "
                    + scores.length
                    + " scores for "
                    + batch.size()
                    + " completions");
          }
          for (int i = 0; i < batch.size(); i++) {
            ready.add(withScores(batch.get(i), scores[i], null));
          }
        } else {
          ExplainableReward explainable = (ExplainableReward) model;
          for (int i = 0; i < batch.size(); i++) {
            RewardBreakdown b = explainable.explain(p, completions.get(i));
            ready.add(withScores(batch.get(i), b.total(), b));
          }
        }
      }

      private Row withScores(Row row, double score, @Nullable RewardBreakdown b) {
        Object[] values = new Object[width + 1 + breakdown.size()];
        for (int i = 0; i < width; i++) {
          values[i] = row.get(i);
        }
        values[width] = score;
        for (int i = 0; i < breakdown.size(); i++) {
          values[width + 1 + i] = Objects.requireNonNull(b).component(breakdown.get(i));
        }
        return RowFactory.create(values);
      }
    }

    private static String text(Row row, int index, String what) {
      if (row.isNullAt(index)) {
        throw new IllegalArgumentException(
            "the "
                + what
                + " column (index "
                + index
                + ") is null in a row; score rows with text only");
      }
      return row.getString(index);
    }
  }

  /** Options of a {@link RewardScoring}; every default is named at its setter. */
  public static final class Builder {
    private final RewardModelFactory factory;
    private String promptColumn = "prompt";
    private String completionColumn = "completion";
    private String scoreColumn = "reward";
    private int batchSize = 64;
    private List<String> breakdown = List.of();
    private boolean clusterByPrompt;

    private Builder(RewardModelFactory factory) {
      this.factory = factory;
    }

    /** The prompt column (string, the user turn); default {@code "prompt"}, TRL's name. */
    public Builder promptColumn(String name) {
      this.promptColumn = Require.nonBlank("promptColumn", name);
      return this;
    }

    /** The completion column (string); default {@code "completion"}, TRL's name. */
    public Builder completionColumn(String name) {
      this.completionColumn = Require.nonBlank("completionColumn", name);
      return this;
    }

    /** The score column added; default {@code "reward"}. */
    public Builder scoreColumn(String name) {
      this.scoreColumn = Require.nonBlank("scoreColumn", name);
      return this;
    }

    /**
     * The largest batch handed to {@code scoreAll}; default 64 (our choice: the reward server's batch size order,
     * large enough to amortise a remote model's round trip, small enough to stream).
     */
    public Builder batchSize(int rows) {
      this.batchSize = Require.positive("batchSize", rows);
      return this;
    }

    /**
     * Components of an {@link ExplainableReward}'s breakdown to add as columns ({@code reward_<name>}, a nested
     * component {@code safety.regex} as {@code reward_safety_regex}); default none. A row whose breakdown lacks a
     * component fails the task with the names it has.
     */
    public Builder breakdown(List<String> components) {
      Require.nonNull("components", components);
      for (String c : components) {
        Require.nonBlank("component", c);
      }
      Require.argument(
          components.stream().distinct().count() == components.size(),
          "components must be distinct, were %s",
          components);
      this.breakdown = List.copyOf(components);
      return this;
    }

    /**
     * Whether to repartition and sort the rows by prompt before scoring, so that a prompt's completions are scored as
     * one group (for group-relative models); default {@code false} (no shuffle).
     */
    public Builder clusterByPrompt(boolean cluster) {
      this.clusterByPrompt = cluster;
      return this;
    }

    /** The job. */
    public RewardScoring build() {
      return new RewardScoring(this);
    }
  }
}
