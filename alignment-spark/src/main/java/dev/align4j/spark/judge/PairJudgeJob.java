package dev.align4j.spark.judge;

import dev.align4j.core.check.Require;
import dev.align4j.feedback.http.RateLimit;
import dev.align4j.feedback.http.RetryPolicy;
import dev.align4j.spark.ContentHash;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Judges a dataset of pairs (a prompt and two completions per row) with any core {@code FeedbackSource} — typically
 * feedback's {@code LlmJudge} over an OpenAI-compatible endpoint — on the executors, and writes the labels and a
 * dead-letter output of the items the judge could not label.
 *
 * <p>Per row: the request id is computed from the content ({@link #requestId}); a label already in the
 * {@link JudgeResultStore} is reused without calling the judge; otherwise the judge is asked (at most
 * {@code maxConcurrency} calls in flight per executor, at most {@code rateLimit} call starts per window per executor),
 * failed calls are retried with full-jitter exponential backoff ({@link RetryPolicy}), the label is checked against
 * the request ({@code FeedbackRequest.requireAnsweredBy}) and stored; an item still failing after the last attempt
 * becomes a dead-letter row carrying the error, and the job goes on. So a task retried after a failure, or the whole
 * job run again, calls the judge only for items not yet finished, and Spark's output commit keeps only the
 * successful attempt's rows: no item is counted twice. An {@link Error} thrown by the judge (out of memory, a lost
 * executor) is not an item failure: it fails the task, and Spark retries it.
 *
 * <p>Output columns: the input's, then {@value #REQUEST_ID}, {@value #STATUS} ({@value #JUDGED} or
 * {@value #DEAD_LETTER}), {@value #OUTCOME} ({@code A}, {@code B}, {@code TIE}, {@code BOTH_BAD}; A is the row's
 * {@code a} column), {@value #PROBABILITY_A} (the judge's soft label, null when it gives none), {@value #LABEL} (the
 * whole label as one line of feedback's {@code FeedbackJson}, provenance included), {@value #ERROR} (dead letters: the
 * cause chain) and {@value #ATTEMPTS} (judge calls made for the item in this run; 0 when the label was reused).
 *
 * <p>Defaults (align4j's choices): 8 calls in flight per executor; no rate limit; 3 attempts with backoff from 500 ms
 * to 8 s ({@code RetryPolicy.DEFAULT}'s delays, from the OpenAI SDK; fewer attempts than the HTTP client's 5 because
 * {@code OpenAiChatModel} already retries transport failures itself); a call that has not answered after 10 minutes
 * counts as failed; seed 0 for the jitter. Input columns {@code prompt}, {@code a}, {@code b} (strings; the prompt is
 * one user message).
 */
public final class PairJudgeJob implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Output column: the deterministic request id. */
  public static final String REQUEST_ID = "request_id";

  /** Output column: {@value #JUDGED} or {@value #DEAD_LETTER}. */
  public static final String STATUS = "status";

  /** Output column: the pairwise outcome. */
  public static final String OUTCOME = "outcome";

  /** Output column: the probability that A is better, when the judge gives one. */
  public static final String PROBABILITY_A = "probability_a";

  /** Output column: the label as JSON. */
  public static final String LABEL = "label";

  /** Output column: the error of a dead-letter row. */
  public static final String ERROR = "error";

  /** Output column: judge calls made for the item in this run. */
  public static final String ATTEMPTS = "attempts";

  /** Status of a labelled row. */
  public static final String JUDGED = "judged";

  /** Status of a row the judge could not label. */
  public static final String DEAD_LETTER = "dead_letter";

  private final String key;
  private final JudgeFactory factory;
  private final JudgeResultStore store;
  private final int maxConcurrency;
  private final int rateLimitStarts;
  private final long rateLimitWindowNanos;
  private final int maxAttempts;
  private final long initialDelayNanos;
  private final long maxDelayNanos;
  private final double multiplier;
  private final long callTimeoutNanos;
  private final long seed;
  private final String promptColumn;
  private final String aColumn;
  private final String bColumn;

  private PairJudgeJob(Builder b) {
    this.key = UUID.randomUUID().toString();
    this.factory = b.factory;
    this.store = b.store;
    this.maxConcurrency = b.maxConcurrency;
    this.rateLimitStarts = b.rateLimitStarts;
    this.rateLimitWindowNanos = b.rateLimitWindow.toNanos();
    this.maxAttempts = b.retry.maxAttempts();
    this.initialDelayNanos = b.retry.initialDelay().toNanos();
    this.maxDelayNanos = b.retry.maxDelay().toNanos();
    this.multiplier = b.retry.multiplier();
    this.callTimeoutNanos = b.callTimeout.toNanos();
    this.seed = b.seed;
    this.promptColumn = b.promptColumn;
    this.aColumn = b.aColumn;
    this.bColumn = b.bColumn;
  }

  /**
   * A builder.
   *
   * @param judge builds the judge once per executor
   * @param store the finished labels, visible to every executor
   */
  public static Builder builder(JudgeFactory judge, JudgeResultStore store) {
    return new Builder(judge, store);
  }

  /**
   * The request id of a pair: {@code pair-} and the first 32 hex digits (128 bits) of the {@link ContentHash} of the
   * kind ({@code "pairwise"}), the prompt and both completions. The same content always gives the same
   * id; exchanging {@code a} and {@code b} gives another id (the pair is judged as presented).
   */
  public static String requestId(String prompt, String a, String b) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("a", a);
    Require.nonNull("b", b);
    return "pair-" + ContentHash.of("pairwise", prompt, a, b).substring(0, 32);
  }

  /** The output schema for an input schema. */
  public StructType outputSchema(StructType input) {
    Require.nonNull("input", input);
    for (String column : new String[] {promptColumn, aColumn, bColumn}) {
      Require.argument(
          Arrays.asList(input.fieldNames()).contains(column)
              && input.apply(column).dataType().equals(DataTypes.StringType),
          "input must have a string column %s, but its schema is %s",
          column,
          input.simpleString());
    }
    for (String column :
        new String[] {REQUEST_ID, STATUS, OUTCOME, PROBABILITY_A, LABEL, ERROR, ATTEMPTS}) {
      Require.argument(
          !Arrays.asList(input.fieldNames()).contains(column),
          "input must not have a column named %s (the job adds it), but its schema is %s",
          column,
          input.simpleString());
    }
    return input
        .add(new StructField(REQUEST_ID, DataTypes.StringType, false, Metadata.empty()))
        .add(new StructField(STATUS, DataTypes.StringType, false, Metadata.empty()))
        .add(new StructField(OUTCOME, DataTypes.StringType, true, Metadata.empty()))
        .add(new StructField(PROBABILITY_A, DataTypes.DoubleType, true, Metadata.empty()))
        .add(new StructField(LABEL, DataTypes.StringType, true, Metadata.empty()))
        .add(new StructField(ERROR, DataTypes.StringType, true, Metadata.empty()))
        .add(new StructField(ATTEMPTS, DataTypes.IntegerType, false, Metadata.empty()));
  }

  /**
   * The judged rows, lazily (nothing runs until an action). Each action over the result runs the job again; the
   * store makes that cheap for finished items, but dead letters are retried each time: write the result once with
   * {@link #run}.
   */
  public Dataset<Row> judge(Dataset<Row> pairs) {
    Require.nonNull("pairs", pairs);
    StructType in = pairs.schema();
    StructType out = outputSchema(in);
    int prompt = in.fieldIndex(promptColumn);
    int a = in.fieldIndex(aColumn);
    int b = in.fieldIndex(bColumn);
    PairJudgeJob job = this;
    return pairs.mapPartitions(
        (MapPartitionsFunction<Row, Row>) rows -> new PartitionJudging(job, rows, prompt, a, b),
        Encoders.row(out));
  }

  /**
   * Judges {@code pairs} and writes the result once, as Parquet under {@code outputDirectory}, split by status:
   * {@code status=judged/} holds the labels, {@code status=dead_letter/} the failed items (either may be absent when
   * empty). The directory must not exist.
   *
   * @return the two output directories
   */
  public JudgeOutput run(Dataset<Row> pairs, String outputDirectory) {
    Require.nonBlank("outputDirectory", outputDirectory);
    judge(pairs).write().mode(SaveMode.ErrorIfExists).partitionBy(STATUS).parquet(outputDirectory);
    String base = outputDirectory.endsWith("/") ? outputDirectory : outputDirectory + "/";
    return new JudgeOutput(base + STATUS + "=" + JUDGED, base + STATUS + "=" + DEAD_LETTER);
  }

  String key() {
    return key;
  }

  JudgeFactory factory() {
    return factory;
  }

  JudgeResultStore store() {
    return store;
  }

  int maxConcurrency() {
    return maxConcurrency;
  }

  int rateLimitStarts() {
    return rateLimitStarts;
  }

  long rateLimitWindowNanos() {
    return rateLimitWindowNanos;
  }

  RetryPolicy retryPolicy() {
    return new RetryPolicy(
        maxAttempts,
        Duration.ofNanos(initialDelayNanos),
        Duration.ofNanos(maxDelayNanos),
        multiplier,
        RetryPolicy.DEFAULT.maxRetryAfter());
  }

  long callTimeoutNanos() {
    return callTimeoutNanos;
  }

  long seed() {
    return seed;
  }

  @Override
  public String toString() {
    return "PairJudgeJob[store="
        + store
        + ", maxConcurrency="
        + maxConcurrency
        + ", rateLimit="
        + (rateLimitStarts == 0
            ? "none"
            : rateLimitStarts + " per " + Duration.ofNanos(rateLimitWindowNanos))
        + ", maxAttempts="
        + maxAttempts
        + "]";
  }

  /**
   * Where {@link #run} wrote its output.
   *
   * @param judged the Parquet directory of the labelled rows
   * @param deadLetter the Parquet directory of the rows the judge could not label
   */
  public record JudgeOutput(String judged, String deadLetter) {}

  /** Configures a {@link PairJudgeJob}; defaults in the class comment. */
  public static final class Builder {
    private final JudgeFactory factory;
    private final JudgeResultStore store;
    private int maxConcurrency = 8;
    private int rateLimitStarts;
    private Duration rateLimitWindow = Duration.ofSeconds(1);
    private RetryPolicy retry = RetryPolicy.DEFAULT.withMaxAttempts(3);
    private Duration callTimeout = Duration.ofMinutes(10);
    private long seed;
    private String promptColumn = "prompt";
    private String aColumn = "a";
    private String bColumn = "b";

    private Builder(JudgeFactory factory, JudgeResultStore store) {
      this.factory = Require.nonNull("judge", factory);
      this.store = Require.nonNull("store", store);
    }

    /** Judge calls in flight per executor, shared by its tasks, {@code >= 1}; default 8. */
    public Builder maxConcurrency(int calls) {
      this.maxConcurrency = Require.positive("maxConcurrency", calls);
      return this;
    }

    /**
     * At most {@code maxStarts} judge calls start per executor in any {@code window} (feedback's {@code RateLimit},
     * retries included); default none. Divide the endpoint's limit by the number of executors.
     */
    public Builder rateLimit(int maxStarts, Duration window) {
      Require.argument(
          maxStarts >= 1 && maxStarts <= RateLimit.MAX_STARTS,
          "maxStarts must be in [1, %d], was %d",
          RateLimit.MAX_STARTS,
          maxStarts);
      Require.nonNull("window", window);
      Require.argument(
          !window.isNegative() && !window.isZero(), "window must be > 0, was %s", window);
      this.rateLimitStarts = maxStarts;
      this.rateLimitWindow = window;
      return this;
    }

    /** Attempts per item and the backoff between them; default 3 attempts, 500 ms to 8 s. */
    public Builder retry(RetryPolicy policy) {
      this.retry = Require.nonNull("retry", policy);
      return this;
    }

    /** How long one call may take before it counts as failed, {@code > 0}; default 10 minutes. */
    public Builder callTimeout(Duration timeout) {
      Require.nonNull("callTimeout", timeout);
      Require.argument(
          !timeout.isNegative() && !timeout.isZero(), "callTimeout must be > 0, was %s", timeout);
      this.callTimeout = timeout;
      return this;
    }

    /** Seed of the backoff jitter (per item: derived from the seed and the request id); default 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The input's string columns: prompt, first and second completion; default prompt, a, b. */
    public Builder columns(String prompt, String a, String b) {
      this.promptColumn = Require.nonBlank("prompt", prompt);
      this.aColumn = Require.nonBlank("a", a);
      this.bColumn = Require.nonBlank("b", b);
      return this;
    }

    /** Builds the job. */
    public PairJudgeJob build() {
      return new PairJudgeJob(this);
    }
  }
}
