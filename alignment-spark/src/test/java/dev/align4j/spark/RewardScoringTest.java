package dev.align4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.rule.CompositeReward;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RewardScoringTest {
  @RegisterExtension static final LocalSpark SPARK = new LocalSpark();

  /** Models built by {@link #countingFactory}; the tests run Spark in this JVM (local mode). */
  static final AtomicInteger BUILDS = new AtomicInteger();

  /** scoreAll calls and their sizes, made by {@link CountingModel}. */
  static final List<Integer> BATCHES = Collections.synchronizedList(new ArrayList<>());

  private static RewardModelFactory countingFactory() {
    return () -> {
      BUILDS.incrementAndGet();
      return new CountingModel(GeneratedLogs.hashedModel(256, 5));
    };
  }

  /** Delegates to a model and records the size of every {@code scoreAll} batch. */
  record CountingModel(RewardModel delegate) implements RewardModel {
    @Override
    public double score(Prompt prompt, Completion completion) {
      return delegate.score(prompt, completion);
    }

    @Override
    public double[] scoreAll(Prompt prompt, List<Completion> completions) {
      BATCHES.add(completions.size());
      return delegate.scoreAll(prompt, completions);
    }
  }

  @Property(trials = 3)
  void scoresEqualTheSingleMachineModelRowForRow(Gen gen) {
    int dimension = gen.intIn(16, 512);
    long seed = gen.seed();
    List<Row> rows = GeneratedLogs.rows(gen, gen.intIn(1, 40), gen.intIn(1, 6));
    RewardScoring scoring =
        RewardScoring.builder(() -> GeneratedLogs.hashedModel(dimension, seed))
            .batchSize(gen.intIn(1, 8))
            .build();
    List<Row> out =
        scoring
            .score(GeneratedLogs.dataset(SPARK.session(), rows, gen.intIn(1, 5)))
            .collectAsList();

    RewardModel single = GeneratedLogs.hashedModel(dimension, seed);
    assertEquals(rows.size(), out.size());
    for (int i = 0; i < rows.size(); i++) {
      Row in = rows.get(i);
      Row o = out.get(i);
      assertEquals(in.getLong(0), o.getLong(0), "row order is kept");
      assertEquals(in.getString(1), o.getString(1));
      assertEquals(in.getString(2), o.getString(2));
      double expected = single.score(Prompt.of(in.getString(1)), Completion.of(in.getString(2)));
      // the same code on the same input: the same double, not just a close one
      assertEquals(expected, o.getDouble(3), 0.0, "row " + in.getLong(0));
    }
  }

  @Test
  void buildsTheModelOncePerExecutorAndBatchesRunsOfOnePrompt() {
    BUILDS.set(0);
    BATCHES.clear();
    // 30 prompts x 5 completions over 4 partitions of contiguous rows: local[2] runs 4 tasks on 2
    // threads
    List<Row> rows = GeneratedLogs.rows(Gen.of(11), 30, 5);
    RewardScoring scoring = RewardScoring.builder(countingFactory()).batchSize(4).build();
    Dataset<Row> scored = scoring.score(GeneratedLogs.dataset(SPARK.session(), rows, 4));
    assertEquals(150, scored.count());
    assertEquals(150, scored.collectAsList().size());
    assertEquals(
        1, BUILDS.get(), "one executor (this JVM), one model for the job across tasks and actions");
    // every batch is a run of one prompt of at most 4 rows: 5 rows per prompt split 4 + 1, except
    // where a
    // partition boundary cuts a prompt's run
    assertTrue(BATCHES.stream().allMatch(n -> n >= 1 && n <= 4), BATCHES.toString());
    assertEquals(
        2 * 150, BATCHES.stream().mapToInt(Integer::intValue).sum(), "two actions, each row once");

    // another job is another model
    RewardScoring.builder(countingFactory())
        .build()
        .score(GeneratedLogs.dataset(SPARK.session(), rows, 4))
        .count();
    assertEquals(2, BUILDS.get());
  }

  @Test
  void compositeRewardsGetOneColumnPerComponent() {
    // total = 0.5 * 2 + 0.01 * characters: components "base" = 2 and "chars" = number of characters
    RewardModelFactory factory =
        () ->
            CompositeReward.builder()
                .add("base", (p, c) -> 2.0, 0.5)
                .add("chars", (p, c) -> c.text().length(), 0.01)
                .build();
    List<Row> rows = GeneratedLogs.rows(Gen.of(3), 7, 3);
    RewardScoring scoring =
        RewardScoring.builder(factory).breakdown(List.of("base", "chars")).build();
    Dataset<Row> scored = scoring.score(GeneratedLogs.dataset(SPARK.session(), rows, 2));
    assertEquals(
        List.of("id", "prompt", "completion", "reward", "reward_base", "reward_chars"),
        Arrays.asList(scored.schema().fieldNames()));
    for (Row r : scored.collectAsList()) {
      int chars = r.getString(2).length();
      assertEquals(1.0 + 0.01 * chars, r.getDouble(3), 1e-12);
      assertEquals(2.0, r.getDouble(4), 0.0);
      assertEquals(chars, r.getDouble(5), 0.0);
    }
  }

  @Test
  void groupRelativeModelsSeeEachPromptAsOneGroupWhenClustered() {
    // score = characters minus the group's mean characters: depends on the whole group
    RewardModelFactory factory = () -> new CentredLength();
    List<Row> rows = GeneratedLogs.rows(Gen.of(21), 12, 4);
    // round-robin partitions scatter each prompt's rows; clustering brings them back together
    Dataset<Row> scattered =
        SPARK.session().createDataFrame(rows, GeneratedLogs.SCHEMA).repartition(3);
    List<Row> out =
        RewardScoring.builder(factory)
            .clusterByPrompt(true)
            .build()
            .score(scattered)
            .collectAsList();
    Map<String, List<Integer>> lengths = new LinkedHashMap<>();
    for (Row r : rows) {
      lengths.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2).length());
    }
    assertEquals(rows.size(), out.size());
    for (Row r : out) {
      double mean =
          lengths.get(r.getString(1)).stream().mapToInt(Integer::intValue).average().orElseThrow();
      assertEquals(r.getString(2).length() - mean, r.getDouble(3), 1e-9, r.toString());
    }
  }

  /** A group-relative reward: a completion's length minus the mean length of the completions scored with it. */
  static final class CentredLength implements RewardModel {
    @Override
    public double score(Prompt prompt, Completion completion) {
      return 0.0;
    }

    @Override
    public double[] scoreAll(Prompt prompt, List<Completion> completions) {
      double mean = completions.stream().mapToInt(c -> c.text().length()).average().orElse(0);
      return completions.stream().mapToDouble(c -> c.text().length() - mean).toArray();
    }
  }

  @Test
  void badColumnsAreRefusedNamingTheArgument() {
    Dataset<Row> rows =
        GeneratedLogs.dataset(SPARK.session(), GeneratedLogs.rows(Gen.of(1), 2, 2), 1);
    RewardModelFactory factory = () -> (p, c) -> 1.0;
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> RewardScoring.builder(factory).promptColumn("question").build().score(rows));
    assertTrue(
        missing.getMessage().contains("promptColumn") && missing.getMessage().contains("question"));
    IllegalArgumentException notText =
        assertThrows(
            IllegalArgumentException.class,
            () -> RewardScoring.builder(factory).completionColumn("id").build().score(rows));
    assertTrue(
        notText.getMessage().contains("string column") && notText.getMessage().contains("bigint"));
    IllegalArgumentException clash =
        assertThrows(
            IllegalArgumentException.class,
            () -> RewardScoring.builder(factory).scoreColumn("id").build().score(rows));
    assertTrue(clash.getMessage().contains("already exists"));
    assertThrows(IllegalArgumentException.class, () -> RewardScoring.builder(factory).batchSize(0));
  }

  @Test
  void aBreakdownOfAPlainModelFailsTheJobWithTheReason() {
    Dataset<Row> rows =
        SPARK
            .session()
            .createDataFrame(
                List.of(RowFactory.create("p", "c")),
                new StructType()
                    .add("prompt", DataTypes.StringType)
                    .add("completion", DataTypes.StringType));
    RewardScoring scoring =
        RewardScoring.builder(() -> (p, c) -> 1.0).breakdown(List.of("format")).build();
    Exception e = assertThrows(Exception.class, () -> scoring.score(rows).collectAsList());
    Throwable cause = e;
    while (cause != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertTrue(
        cause != null && cause.getMessage().contains("ExplainableReward"), String.valueOf(e));
  }
}
