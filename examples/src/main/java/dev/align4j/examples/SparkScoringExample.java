package dev.align4j.examples;

import dev.align4j.core.RewardModel;
import dev.align4j.core.data.DataFormat;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.model.HeadArchitecture;
import dev.align4j.rewards.model.RewardHead;
import dev.align4j.spark.DatasetManifest;
import dev.align4j.spark.PairingStrategy;
import dev.align4j.spark.PreferenceData;
import dev.align4j.spark.PreferenceDataBuilder;
import dev.align4j.spark.PreferenceDataWriter;
import dev.align4j.spark.RewardModelFactory;
import dev.align4j.spark.RewardScoring;
import dev.align4j.spark.SparkJavaOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
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
 * Scores a generated log of conversations with a hashed-feature reward model on Apache Spark and builds a preference
 * dataset from it: 1 M conversations (250 000 prompts, 4 sampled answers each) by default, generated on the executors
 * (the driver never holds them), scored with {@link RewardScoring}, paired best-vs-worst with
 * {@link PreferenceDataBuilder} (10 % of the prompts held out) and written as TRL preference JSONL with a manifest.
 * Prints the scoring throughput in rows per second, the pairs written, and the {@code spark-submit} command that runs
 * the same class on a cluster.
 *
 * <p>Arguments: {@code --rows N} (default 1 000 000), {@code --out FOLDER} (default: a temporary folder, deleted at
 * the end). Without {@code spark-submit} it runs on {@code local[*]}; under {@code spark-submit} on the master given
 * there. Run it locally with {@code mvn -B -ntp -q -pl examples -am package -DskipTests -Pquickstart
 * -Dquickstart.mainClass=dev.align4j.examples.SparkScoringExample} (the profile adds Spark's Java 17 options,
 * {@link SparkJavaOptions}).
 */
public final class SparkScoringExample {
  private static final int ANSWERS_PER_PROMPT = 4;
  private static final int DIMENSION = 4096;

  private static final String[] TOPICS = {
    "my order",
    "a refund",
    "the invoice",
    "my password",
    "the delivery",
    "a damaged item",
    "my subscription"
  };
  private static final String[] OPENERS = {
    "Thanks for reaching out.", "Sorry about that.", "ok", "Please see our policy.", "I understand."
  };
  private static final String[] BODIES = {
    "I have issued a refund to your original payment method; it arrives within five days.",
    "Please reset your password from the sign-in page and tell me if the link does not arrive.",
    "Not my problem, contact someone else.",
    "I have sent a replacement today and you keep the damaged one.",
    "Your subscription is paused; nothing is charged until you resume it.",
    "Read the FAQ.",
    "I checked the tracking: the parcel is at your local depot and is delivered tomorrow morning."
  };

  private SparkScoringExample() {}

  /** Runs the example; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    long rows = 1_000_000;
    Path out = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument " + args[i] + "; use --rows N, --out FOLDER");
      }
    }
    boolean temporary = out == null;
    Path folder = temporary ? Files.createTempDirectory("align4j-spark-example") : out;
    SparkSession.Builder builder = SparkSession.builder().appName("align4j SparkScoringExample");
    if (System.getProperty("spark.master") == null) {
      // not under spark-submit: run in this JVM on every core
      // (Spark's 200 shuffle partitions are for clusters; one per core is enough in one JVM)
      builder
          .master("local[*]")
          .config("spark.ui.enabled", "false")
          .config(
              "spark.sql.shuffle.partitions",
              String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      run(spark, rows, folder.resolve("preferences").toString(), System.out);
    } finally {
      spark.stop();
      if (temporary) {
        deleteRecursively(folder);
      }
    }
  }

  /** Generates, scores, pairs and writes; prints the report to {@code report}. */
  static void run(SparkSession spark, long rows, String folder, PrintStream report) {
    Dataset<Row> log = conversations(spark, rows);
    RewardModelFactory factory = () -> supportReward(DIMENSION, 42);
    RewardScoring scoring = RewardScoring.builder(factory).batchSize(ANSWERS_PER_PROMPT).build();

    long start = System.nanoTime();
    Row total = scoring.score(log).agg(functions.count("*"), functions.avg("reward")).first();
    double seconds = (System.nanoTime() - start) / 1e9;
    report.printf(
        Locale.ROOT,
        "scored %,d conversations on %s in %.1f s: %,.0f rows/s (mean reward %.4f)%n",
        total.getLong(0),
        spark.sparkContext().master(),
        seconds,
        total.getLong(0) / seconds,
        total.getDouble(1));

    PreferenceData data =
        PreferenceDataBuilder.builder(new PairingStrategy.BestVsWorst(0.0))
            .testFraction(0.1)
            .build()
            .build(scoring.score(log));
    // both splits are written from one computation of the pairs (scoring included)
    data.rows().cache();
    start = System.nanoTime();
    DatasetManifest train =
        PreferenceDataWriter.writeJsonl(data.train(), folder + "/train", DataFormat.TRL_PREFERENCE);
    DatasetManifest test =
        PreferenceDataWriter.writeJsonl(data.test(), folder + "/test", DataFormat.TRL_PREFERENCE);
    seconds = (System.nanoTime() - start) / 1e9;
    report.printf(
        Locale.ROOT,
        "best-vs-worst pairs: %,d train in %d files, %,d test in %d files (%.1f s, scoring included)%n",
        train.records(),
        train.files().size(),
        test.records(),
        test.files().size(),
        seconds);
    data.rows().unpersist();
    report.printf(
        "train manifest: %s/train/%s, sha256 %s%n",
        folder, PreferenceDataWriter.MANIFEST, train.sha256());
    report.println("on a cluster, the same class (alignment-spark's README: building the jars):");
    report.println(
        "  spark-submit --class dev.align4j.examples.SparkScoringExample --master yarn --deploy-mode cluster \\");
    report.println(
        "    --jars \"$(ls alignment-*/target/alignment-*-0.1.0-SNAPSHOT.jar libs/*.jar | grep -v sources"
            + " | tr '\\n' ',')\" \\");
    report.println(
        "    examples/target/examples-0.1.0-SNAPSHOT.jar --rows 100000000 --out hdfs:///data/align4j/preferences");
  }

  /** {@code rows} conversations made on the executors from their index: prompt {@code i / 4}, answer {@code i % 4}. */
  static Dataset<Row> conversations(SparkSession spark, long rows) {
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType, false)
            .add("prompt", DataTypes.StringType, false)
            .add("completion", DataTypes.StringType, false);
    return spark
        .range(rows)
        .map(
            (MapFunction<Long, Row>)
                id -> {
                  long promptIndex = id / ANSWERS_PER_PROMPT;
                  SplittableRandom p = new SplittableRandom(promptIndex);
                  String prompt =
                      "Customer "
                          + promptIndex
                          + ": I have a question about "
                          + TOPICS[p.nextInt(TOPICS.length)]
                          + ".";
                  SplittableRandom a = new SplittableRandom(id * 31 + 7);
                  String answer =
                      OPENERS[a.nextInt(OPENERS.length)] + " " + BODIES[a.nextInt(BODIES.length)];
                  return RowFactory.create(id, prompt, answer);
                },
            Encoders.row(schema));
  }

  /** A linear reward head with seeded weights over hashed word 1-2 grams: a learned reward model's shape and cost. */
  static RewardModel supportReward(int dimension, long seed) {
    HashedNGramFeaturizer f =
        HashedNGramFeaturizer.builder()
            .dimension(dimension)
            .wordNgrams(1, 2)
            .sublinearTf(true)
            .build();
    SplittableRandom r = new SplittableRandom(seed);
    float[] w = new float[dimension + 1];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    return new FeatureRewardModel(f, new RewardHead(HeadArchitecture.linear(), dimension, w));
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
