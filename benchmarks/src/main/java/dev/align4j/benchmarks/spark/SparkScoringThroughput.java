package dev.align4j.benchmarks.spark;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.model.HeadArchitecture;
import dev.align4j.rewards.model.RewardHead;
import dev.align4j.spark.RewardScoring;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Rows per second of hashed-feature reward scoring (issue 16): the same generated rows scored by
 * <ol>
 *   <li>the plain single-JVM loop: one thread, {@code scoreAll} per prompt (4 completions), rows generated on the fly;
 *   <li>{@link RewardScoring} on {@code local[1]} and on {@code local[2]} (one Spark session each, started before the
 *       clock starts), rows generated on the executors from {@code spark.range}, the scores summed by Spark.
 * </ol>
 * Each measurement: one warm-up pass, then {@code rounds} timed passes; the sum of the scores is printed for each, so
 * that the runs are seen to score the same rows (equal up to the order of the floating-point sum). The scaling is
 * local[2] / local[1]; Spark's overhead is 1 − local[1] / loop.
 *
 * <p>Memory: {@code --memory} scores 1/4, 1/2 and all of the rows on {@code local[2]} and prints the peak heap in use
 * (the sum of the heap pools' peaks, reset before each pass) and the heap after a full collection at the end; run it
 * with a small {@code -Xmx} (e.g. 256 MB, far below the rows' size) to see it does not grow with the rows.
 *
 * <p>Arguments: {@code rows rounds dimension [--memory]}, defaults 1,000,000, 3 and 65,536 (the featurizer's default
 * bucket count; word 1-2 grams). Run with Spark's Java 17 options (see benchmarks/README.md).
 */
public final class SparkScoringThroughput {
  private static final int ANSWERS_PER_PROMPT = 4;

  private static final String[] VOCABULARY = vocabulary(5000, 2026);

  private SparkScoringThroughput() {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int dimension = args.length > 2 ? Integer.parseInt(args[2]) : 65_536;
    boolean memory = args.length > 3 && args[3].equals("--memory");
    System.out.printf(
        Locale.ROOT,
        "rows %,d, %d per prompt, hashed word 1-2 grams, %,d buckets, linear head; %d cores, -Xmx %,d MB%n",
        rows,
        ANSWERS_PER_PROMPT,
        dimension,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    if (memory) {
      memory(rows, dimension);
      return;
    }
    RewardModel model = model(dimension);
    loop(model, Math.min(rows, 100_000));
    for (int r = 1; r <= rounds; r++) {
      long t = System.nanoTime();
      double sum = loop(model, rows);
      report("loop", r, rows, System.nanoTime() - t, sum);
    }
    for (String master : List.of("local[1]", "local[2]")) {
      SparkSession spark = session(master);
      try {
        score(spark, Math.min(rows, 100_000), dimension);
        for (int r = 1; r <= rounds; r++) {
          long t = System.nanoTime();
          double sum = score(spark, rows, dimension);
          report(master, r, rows, System.nanoTime() - t, sum);
        }
      } finally {
        spark.stop();
      }
    }
  }

  private static void report(String what, int round, long rows, long nanos, double sum) {
    double s = nanos / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%-9s round %d: %,.0f rows/s (%.2f s), sum of scores %.6e%n",
        what,
        round,
        rows / s,
        s,
        sum);
  }

  private static void memory(long rows, int dimension) {
    SparkSession spark = session("local[2]");
    try {
      score(spark, Math.min(rows, 100_000), dimension);
      for (long n : new long[] {rows / 4, rows / 2, rows}) {
        System.gc();
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
          if (p.getType() == MemoryType.HEAP) {
            p.resetPeakUsage();
            heap.add(p);
          }
        }
        long t = System.nanoTime();
        double sum = score(spark, n, dimension);
        long nanos = System.nanoTime() - t;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.gc();
        long after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(
            Locale.ROOT,
            "local[2] %,d rows: %,.0f rows/s, peak heap %,d MB, heap after GC %,d MB, sum %.6e%n",
            n,
            n / (nanos / 1e9),
            peak >> 20,
            after >> 20,
            sum);
      }
    } finally {
      spark.stop();
    }
  }

  private static SparkSession session(String master) {
    SparkSession spark =
        SparkSession.builder()
            .appName("SparkScoringThroughput " + master)
            .master(master)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /** The plain loop: rows generated and scored one prompt (4 rows) at a time on this thread. */
  static double loop(RewardModel model, long rows) {
    double sum = 0;
    List<Completion> group = new ArrayList<>(ANSWERS_PER_PROMPT);
    for (long first = 0; first < rows; first += ANSWERS_PER_PROMPT) {
      group.clear();
      long end = Math.min(rows, first + ANSWERS_PER_PROMPT);
      for (long id = first; id < end; id++) {
        group.add(Completion.of(completion(id)));
      }
      for (double s : model.scoreAll(Prompt.of(prompt(first / ANSWERS_PER_PROMPT)), group)) {
        sum += s;
      }
    }
    return sum;
  }

  /** The same rows on Spark: generated on the executors, scored by {@link RewardScoring}, summed by Spark. */
  static double score(SparkSession spark, long rows, int dimension) {
    StructType schema =
        new StructType()
            .add("prompt", DataTypes.StringType, false)
            .add("completion", DataTypes.StringType, false);
    Dataset<Row> log =
        spark
            .range(rows)
            .map(
                (MapFunction<Long, Row>)
                    id -> RowFactory.create(prompt(id / ANSWERS_PER_PROMPT), completion(id)),
                Encoders.row(schema));
    RewardScoring scoring =
        RewardScoring.builder(() -> model(dimension)).batchSize(ANSWERS_PER_PROMPT).build();
    return scoring.score(log).agg(functions.sum("reward")).first().getDouble(0);
  }

  /** A linear head with seeded weights over hashed word 1-2 grams. */
  static RewardModel model(int dimension) {
    HashedNGramFeaturizer f =
        HashedNGramFeaturizer.builder().dimension(dimension).wordNgrams(1, 2).build();
    SplittableRandom r = new SplittableRandom(7);
    float[] w = new float[dimension + 1];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    return new FeatureRewardModel(f, new RewardHead(HeadArchitecture.linear(), dimension, w));
  }

  /** Prompt {@code i}: 12 words drawn with seed {@code i}. */
  static String prompt(long i) {
    return words(new SplittableRandom(i * 2 + 1), 12);
  }

  /** Completion {@code id}: 40 to 120 words drawn with seed {@code id}. */
  static String completion(long id) {
    SplittableRandom r = new SplittableRandom(id * 2);
    return words(r, 40 + r.nextInt(81));
  }

  private static String words(SplittableRandom r, int n) {
    StringBuilder sb = new StringBuilder(n * 7);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      // Zipf-like: low indices much more frequent
      double u = r.nextDouble();
      sb.append(VOCABULARY[(int) (VOCABULARY.length * u * u * u)]);
    }
    return sb.toString();
  }

  private static String[] vocabulary(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] v = new String[size];
    for (int i = 0; i < size; i++) {
      int len = 2 + r.nextInt(8);
      StringBuilder sb = new StringBuilder(len);
      for (int j = 0; j < len; j++) {
        sb.append((char) ('a' + r.nextInt(26)));
      }
      v[i] = sb.toString();
    }
    return v;
  }
}
