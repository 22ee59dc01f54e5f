package dev.align4j.spark;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds preference data from k scored samples per prompt (the output of {@link RewardScoring}, or any table with a
 * prompt, a completion and a score column): rows are grouped by prompt, and each group goes through the
 * single-machine {@link PreferencePairs} (deduplication by content hash, ranking, pairing by the
 * {@link PairingStrategy}). Each prompt is assigned to the train or the test split as a whole, by a seeded hash of
 * its text ({@link ContentHash#unitInterval}), so no prompt is in both splits, whatever the partitioning, and a
 * re-run gives the same split.
 *
 * <p>The pairs table ({@link #PAIR_SCHEMA}): {@code prompt_id} (the prompt's content hash), {@code prompt},
 * {@code chosen}, {@code rejected}, {@code chosen_score}, {@code rejected_score}, {@code pair_id} (the pair's
 * content hash), {@code pair_index} (its position among its prompt's pairs) and {@code split} ({@code "train"} or
 * {@code "test"}). A listwise ranking table ({@link #RANKING_SCHEMA}) has {@code completions} and {@code scores}
 * arrays, best first, instead of the pair columns.
 */
public final class PreferenceDataBuilder {
  /** The split values. */
  public static final String TRAIN = "train";

  /** The split values. */
  public static final String TEST = "test";

  /** The columns of a pairs table. */
  public static final StructType PAIR_SCHEMA =
      new StructType()
          .add("prompt_id", DataTypes.StringType, false)
          .add("prompt", DataTypes.StringType, false)
          .add("chosen", DataTypes.StringType, false)
          .add("rejected", DataTypes.StringType, false)
          .add("chosen_score", DataTypes.DoubleType, false)
          .add("rejected_score", DataTypes.DoubleType, false)
          .add("pair_id", DataTypes.StringType, false)
          .add("pair_index", DataTypes.IntegerType, false)
          .add("split", DataTypes.StringType, false);

  /** The columns of a listwise ranking table. */
  public static final StructType RANKING_SCHEMA =
      new StructType()
          .add("prompt_id", DataTypes.StringType, false)
          .add("prompt", DataTypes.StringType, false)
          .add("completions", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("scores", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("split", DataTypes.StringType, false);

  private final PairingStrategy strategy;
  private final String promptColumn;
  private final String completionColumn;
  private final String scoreColumn;
  private final double testFraction;
  private final long seed;

  private PreferenceDataBuilder(Builder b) {
    this.strategy = b.strategy;
    this.promptColumn = b.promptColumn;
    this.completionColumn = b.completionColumn;
    this.scoreColumn = b.scoreColumn;
    this.testFraction = b.testFraction;
    this.seed = b.seed;
  }

  /** A builder for {@code strategy}. */
  public static Builder builder(PairingStrategy strategy) {
    return new Builder(Require.nonNull("strategy", strategy));
  }

  /** The split of a prompt: {@link #TEST} when its seeded hash falls below the test fraction. */
  public String splitOf(String prompt) {
    return split(ContentHash.of(Require.nonNull("prompt", prompt)), testFraction, seed);
  }

  private static String split(String promptId, double testFraction, long seed) {
    return ContentHash.unitInterval(promptId, seed) < testFraction ? TEST : TRAIN;
  }

  /**
   * The preference data of {@code scored}: a pairs table, or a ranking table for {@link PairingStrategy.Listwise}.
   * Lazy; one shuffle (grouping by prompt).
   *
   * @throws IllegalArgumentException when a column is missing or has the wrong type
   */
  public PreferenceData build(Dataset<Row> scored) {
    Require.nonNull("scored", scored);
    StructType in = scored.schema();
    requireColumn(in, "promptColumn", promptColumn, DataTypes.StringType);
    requireColumn(in, "completionColumn", completionColumn, DataTypes.StringType);
    requireColumn(in, "scoreColumn", scoreColumn, DataTypes.DoubleType);
    boolean listwise = strategy instanceof PairingStrategy.Listwise;
    PairingStrategy s = strategy;
    double fraction = testFraction;
    long splitSeed = seed;
    Dataset<Row> samples =
        scored.select(
            functions.col(promptColumn),
            functions.col(completionColumn),
            functions.col(scoreColumn));
    Dataset<Row> out =
        samples
            .groupByKey((MapFunction<Row, String>) r -> text(r, 0, "prompt"), Encoders.STRING())
            .flatMapGroups(
                (FlatMapGroupsFunction<String, Row, Row>)
                    (prompt, rows) -> group(prompt, rows, s, fraction, splitSeed),
                Encoders.row(listwise ? RANKING_SCHEMA : PAIR_SCHEMA));
    return new PreferenceData(out, listwise);
  }

  private static Iterator<Row> group(
      String prompt, Iterator<Row> rows, PairingStrategy strategy, double testFraction, long seed) {
    List<ScoredCompletion> samples = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      if (r.isNullAt(2)) {
        throw new IllegalArgumentException(
            "the score column is null in a row of a prompt; score every row");
      }
      samples.add(new ScoredCompletion(text(r, 1, "completion"), r.getDouble(2)));
    }
    String promptId = ContentHash.of(prompt);
    String split = split(promptId, testFraction, seed);
    List<Row> out = new ArrayList<>();
    if (strategy instanceof PairingStrategy.Listwise) {
      List<ScoredCompletion> ranked = PreferencePairs.rank(prompt, samples);
      String[] completions = new String[ranked.size()];
      Double[] scores = new Double[ranked.size()];
      for (int i = 0; i < completions.length; i++) {
        completions[i] = ranked.get(i).completion();
        scores[i] = ranked.get(i).score();
      }
      out.add(RowFactory.create(promptId, prompt, completions, scores, split));
    } else {
      List<PreferencePair> pairs = PreferencePairs.pairs(prompt, samples, strategy);
      for (int i = 0; i < pairs.size(); i++) {
        PreferencePair p = pairs.get(i);
        out.add(
            RowFactory.create(
                promptId,
                prompt,
                p.chosen(),
                p.rejected(),
                p.chosenScore(),
                p.rejectedScore(),
                p.id(),
                i,
                split));
      }
    }
    return out.iterator();
  }

  private static String text(Row r, int index, String what) {
    if (r.isNullAt(index)) {
      throw new IllegalArgumentException(
          "the " + what + " column is null in a row; give every row its text");
    }
    return r.getString(index);
  }

  private static void requireColumn(StructType in, String argument, String column, DataType type) {
    List<String> names = Arrays.asList(in.fieldNames());
    Require.argument(
        names.contains(column), "%s must name a column of %s, was \"%s\"", argument, names, column);
    DataType actual = in.apply(column).dataType();
    Require.argument(
        actual.equals(type),
        "%s \"%s\" must be a %s column, was %s",
        argument,
        column,
        type.simpleString(),
        actual.simpleString());
  }

  /** Options of a {@link PreferenceDataBuilder}; every default is named at its setter. */
  public static final class Builder {
    private final PairingStrategy strategy;
    private String promptColumn = "prompt";
    private String completionColumn = "completion";
    private String scoreColumn = "reward";
    private double testFraction = 0.1;
    private long seed;

    private Builder(PairingStrategy strategy) {
      this.strategy = strategy;
    }

    /** The prompt column (string); default {@code "prompt"}. */
    public Builder promptColumn(String name) {
      this.promptColumn = Require.nonBlank("promptColumn", name);
      return this;
    }

    /** The completion column (string); default {@code "completion"}. */
    public Builder completionColumn(String name) {
      this.completionColumn = Require.nonBlank("completionColumn", name);
      return this;
    }

    /** The score column (double); default {@code "reward"}, {@link RewardScoring}'s default. */
    public Builder scoreColumn(String name) {
      this.scoreColumn = Require.nonBlank("scoreColumn", name);
      return this;
    }

    /**
     * The expected fraction of prompts in the test split, in [0, 1]; default 0.1 (our choice, a common held-out
     * share). The realised share varies binomially, because whole prompts are assigned.
     */
    public Builder testFraction(double fraction) {
      this.testFraction = Require.inClosedRange("testFraction", fraction, 0.0, 1.0);
      return this;
    }

    /** The split's seed; default 0. Another seed gives another split of the same prompts. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The job. */
    public PreferenceDataBuilder build() {
      return new PreferenceDataBuilder(this);
    }
  }
}
