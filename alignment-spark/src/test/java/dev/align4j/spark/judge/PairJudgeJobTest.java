package dev.align4j.spark.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.http.RetryPolicy;
import dev.align4j.spark.LocalSpark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The judge job on {@code local[2,2]} (two task threads, a task may fail once and is retried): labels equal the
 * single-machine judge's, an injected task failure leaves no duplicate and no second call for finished items, the
 * dead-letter output holds exactly the failing items, and the per-executor limits hold.
 */
class PairJudgeJobTest {
  @RegisterExtension static final LocalSpark SPARK = new LocalSpark("local[2,2]");

  private static final StructType PAIRS =
      new StructType()
          .add("conversation_id", DataTypes.StringType, false)
          .add("prompt", DataTypes.StringType, false)
          .add("a", DataTypes.StringType, false)
          .add("b", DataTypes.StringType, false);

  private static final ExecutorService CALLS_POOL = Executors.newFixedThreadPool(6);
  private static final ConcurrentLinkedQueue<Long> STARTS = new ConcurrentLinkedQueue<>();

  /** Thrown by the judge to kill a task, the way a lost executor would (an Error is not an item failure). */
  static final class InjectedTaskFailure extends Error {
    private static final long serialVersionUID = 1L;

    InjectedTaskFailure(String message) {
      super(message);
    }
  }

  @BeforeEach
  void reset() {
    ScriptedJudge.reset();
    STARTS.clear();
  }

  @AfterAll
  static void stopPool() {
    CALLS_POOL.shutdownNow();
  }

  private static List<Row> rows(int n, int poisonEvery) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String prompt = "Question " + i + (i % poisonEvery == poisonEvery - 1 ? " #poison" : "");
      rows.add(
          RowFactory.create(
              "c" + i, prompt, "answer " + i + " A", "answer " + (i * 7 % 13) + " B"));
    }
    return rows;
  }

  private static Dataset<Row> pairs(List<Row> rows, int partitions) {
    return SPARK.session().createDataFrame(rows, PAIRS).repartition(partitions);
  }

  private static FeedbackRequest request(Row r) {
    return FeedbackRequest.pairwise(
        PairJudgeJob.requestId(r.getString(1), r.getString(2), r.getString(3)),
        Prompt.of(r.getString(1)),
        Completion.of(r.getString(2)),
        Completion.of(r.getString(3)));
  }

  private static Map<String, Row> byId(Dataset<Row> rows) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      Row previous = out.put(r.getAs(PairJudgeJob.REQUEST_ID), r);
      assertEquals(null, previous, "request id appears twice in the output: " + r);
    }
    return out;
  }

  private static PairJudgeJob.Builder fastRetries(PairJudgeJob.Builder b, int attempts) {
    return b.retry(
        RetryPolicy.DEFAULT
            .withMaxAttempts(attempts)
            .withDelays(Duration.ofMillis(1), Duration.ofMillis(2)));
  }

  /** Throws an Error on the third call of every partition's first attempt, then judges like {@link ScriptedJudge}. */
  private static JudgeFactory failingOncePerPartition() {
    return () -> {
      ScriptedJudge.BUILDS.incrementAndGet();
      return request -> {
        TaskContext task = TaskContext.get();
        if (task.attemptNumber() == 0
            && ScriptedJudge.ATTEMPT0_CALLS
                    .computeIfAbsent(task.partitionId(), k -> new AtomicInteger())
                    .incrementAndGet()
                == 3) {
          ScriptedJudge.INJECTED.incrementAndGet();
          throw new InjectedTaskFailure("injected failure in partition " + task.partitionId());
        }
        return CompletableFuture.completedFuture(ScriptedJudge.answer(request));
      };
    };
  }

  @Test
  void a_task_failure_and_its_retry_leave_no_duplicate_no_second_call_and_exact_dead_letters() {
    List<Row> input = rows(48, 7);
    DirectoryResultStore store = DirectoryResultStore.in(SPARK.newFolder("store"));
    PairJudgeJob job =
        fastRetries(PairJudgeJob.builder(failingOncePerPartition(), store), 2).build();
    String out = SPARK.newFolder("out").resolve("judged").toString();

    PairJudgeJob.JudgeOutput written = job.run(pairs(input, 4), out);

    assertEquals(4, ScriptedJudge.INJECTED.get(), "every partition's first attempt failed once");
    assertEquals(
        1, ScriptedJudge.BUILDS.get(), "the judge is built once per executor (one JVM here)");
    SparkSession spark = SPARK.session();
    Map<String, Row> judged = byId(spark.read().parquet(written.judged()));
    Map<String, Row> dead = byId(spark.read().parquet(written.deadLetter()));
    Set<String> poison = new HashSet<>();
    Set<String> healthy = new HashSet<>();
    for (Row r : input) {
      (r.getString(1).contains("#poison") ? poison : healthy).add(request(r).id());
    }
    assertEquals(healthy, judged.keySet(), "every healthy item judged exactly once");
    assertEquals(poison, dead.keySet(), "the dead-letter output holds exactly the failing items");
    for (Row r : input) {
      FeedbackRequest req = request(r);
      if (poison.contains(req.id())) {
        Row d = dead.get(req.id());
        assertTrue(d.<String>getAs(PairJudgeJob.ERROR).contains("poisoned item"), d.toString());
        assertEquals(2, d.<Integer>getAs(PairJudgeJob.ATTEMPTS));
        assertEquals(
            r.getString(0), d.<String>getAs("conversation_id"), "input columns are carried along");
        continue;
      }
      assertEquals(
          1, ScriptedJudge.calls(req.id()), "no second judge call for finished item " + req.id());
      PairwiseComparison expected = ScriptedJudge.verdict(req);
      Row j = judged.get(req.id());
      assertEquals(expected.outcome().name(), j.<String>getAs(PairJudgeJob.OUTCOME));
      assertEquals(expected.probabilityA(), j.<Double>getAs(PairJudgeJob.PROBABILITY_A));
      assertEquals(r.getString(0), j.<String>getAs("conversation_id"));
      assertEquals(
          expected, store.find(req.id()).orElseThrow(), "the store holds the single-machine label");
    }
  }

  /** A store that keeps nothing: what the job would be without its store. */
  private static final class ForgetfulStore implements JudgeResultStore {
    private static final long serialVersionUID = 1L;

    @Override
    public Optional<Feedback> find(String requestId) {
      return Optional.empty();
    }

    @Override
    public Feedback putIfAbsent(String requestId, Feedback label) {
      return label;
    }
  }

  @Test
  void without_the_store_the_retried_tasks_would_call_the_judge_again_for_finished_items() {
    // the control for the test above: the same failure with a store that keeps nothing
    PairJudgeJob job =
        fastRetries(PairJudgeJob.builder(failingOncePerPartition(), new ForgetfulStore()), 2)
            .build();
    List<Row> input = rows(24, 1000);
    Map<String, Row> out = byId(job.judge(pairs(input, 2)));
    assertEquals(24, out.size(), "Spark's retry alone leaves no duplicate row");
    // Spark's scheduling decides how many partitions' first attempts reach their third item (in
    // rare runs one of the two does not, so one failure is injected, not two): what is pinned is
    // the consequence of each injected failure
    int injected = ScriptedJudge.INJECTED.get();
    assertTrue(injected >= 1 && injected <= 2, "injected failures: " + injected);
    long calledTwice =
        input.stream().filter(r -> ScriptedJudge.calls(request(r).id()) == 2).count();
    assertEquals(
        2L * injected,
        calledTwice,
        "the two items finished before each injected failure were judged again");
  }

  @Test
  void a_rerun_reuses_every_finished_label_and_retries_only_the_dead_letters() {
    List<Row> input = rows(30, 5);
    DirectoryResultStore store = DirectoryResultStore.in(SPARK.newFolder("store"));
    JudgeFactory plain =
        () -> request -> CompletableFuture.completedFuture(ScriptedJudge.answer(request));
    PairJudgeJob job = fastRetries(PairJudgeJob.builder(plain, store), 3).build();
    Map<String, Row> first = byId(job.judge(pairs(input, 3)));
    Map<String, Integer> callsAfterFirst = new HashMap<>();
    ScriptedJudge.CALLS.forEach((k, v) -> callsAfterFirst.put(k, v.get()));

    Map<String, Row> second = byId(job.judge(pairs(input, 2)));

    assertEquals(first.keySet(), second.keySet());
    for (Row r : input) {
      String id = request(r).id();
      Row a = first.get(id);
      Row b = second.get(id);
      assertEquals(a.<String>getAs(PairJudgeJob.STATUS), b.<String>getAs(PairJudgeJob.STATUS));
      if (r.getString(1).contains("#poison")) {
        assertEquals(PairJudgeJob.DEAD_LETTER, b.<String>getAs(PairJudgeJob.STATUS));
        assertEquals(
            callsAfterFirst.get(id) + 3, ScriptedJudge.calls(id), "dead letters are tried again");
      } else {
        assertEquals(1, ScriptedJudge.calls(id), "the re-run did not call the judge for " + id);
        assertEquals(0, b.<Integer>getAs(PairJudgeJob.ATTEMPTS), "reused from the store");
        assertEquals(a.<String>getAs(PairJudgeJob.LABEL), b.getAs(PairJudgeJob.LABEL));
        assertEquals(a.<String>getAs(PairJudgeJob.OUTCOME), b.getAs(PairJudgeJob.OUTCOME));
      }
    }
  }

  @Test
  void failed_calls_are_retried_with_backoff_until_they_succeed() {
    List<Row> input = rows(12, 1000);
    JudgeFactory flaky =
        () ->
            request -> {
              if (ScriptedJudge.calls(request.id()) < 2) {
                ScriptedJudge.CALLS
                    .computeIfAbsent(request.id(), k -> new AtomicInteger())
                    .incrementAndGet();
                return CompletableFuture.failedFuture(
                    new IllegalStateException("503 from the judge"));
              }
              return CompletableFuture.completedFuture(ScriptedJudge.answer(request));
            };
    PairJudgeJob job =
        fastRetries(
                PairJudgeJob.builder(flaky, DirectoryResultStore.in(SPARK.newFolder("store"))), 3)
            .build();
    Map<String, Row> out = byId(job.judge(pairs(input, 2)));
    for (Row r : input) {
      String id = request(r).id();
      assertEquals(PairJudgeJob.JUDGED, out.get(id).<String>getAs(PairJudgeJob.STATUS));
      assertEquals(3, out.get(id).<Integer>getAs(PairJudgeJob.ATTEMPTS));
      assertEquals(3, ScriptedJudge.calls(id));
    }
  }

  @Test
  void calls_in_flight_per_executor_never_exceed_the_limit() {
    JudgeFactory slow =
        () ->
            request ->
                CompletableFuture.supplyAsync(
                    () -> {
                      int now = ScriptedJudge.IN_FLIGHT.incrementAndGet();
                      ScriptedJudge.MAX_IN_FLIGHT.accumulateAndGet(now, Math::max);
                      try {
                        Thread.sleep(15);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      ScriptedJudge.IN_FLIGHT.decrementAndGet();
                      return ScriptedJudge.answer(request);
                    },
                    CALLS_POOL);
    PairJudgeJob job =
        PairJudgeJob.builder(slow, DirectoryResultStore.in(SPARK.newFolder("store")))
            .maxConcurrency(3)
            .build();
    Map<String, Row> out = byId(job.judge(pairs(rows(40, 1000), 2)));
    assertEquals(40, out.size());
    int max = ScriptedJudge.MAX_IN_FLIGHT.get();
    assertTrue(max <= 3, "at most 3 calls in flight on the executor, saw " + max);
    assertTrue(max >= 2, "calls did run concurrently, saw at most " + max);
  }

  @Test
  @Timeout(120)
  void a_call_that_never_answers_times_out_into_a_dead_letter_and_frees_its_permit() {
    JudgeFactory hanging =
        () ->
            request -> {
              if (request.prompt().text().contains("#hang")) {
                ScriptedJudge.CALLS
                    .computeIfAbsent(request.id(), k -> new AtomicInteger())
                    .incrementAndGet();
                return new CompletableFuture<>();
              }
              return CompletableFuture.completedFuture(ScriptedJudge.answer(request));
            };
    PairJudgeJob job =
        fastRetries(
                PairJudgeJob.builder(hanging, DirectoryResultStore.in(SPARK.newFolder("store"))), 2)
            .maxConcurrency(1)
            .callTimeout(Duration.ofMillis(300))
            .build();
    List<Row> input =
        List.of(
            RowFactory.create("c0", "first #hang", "x", "y"),
            RowFactory.create("c1", "second", "x", "y"),
            RowFactory.create("c2", "third", "x", "y"));
    Map<String, Row> out =
        byId(job.judge(SPARK.session().createDataFrame(input, PAIRS).coalesce(1)));
    Row dead = out.get(request(input.get(0)).id());
    assertEquals(PairJudgeJob.DEAD_LETTER, dead.<String>getAs(PairJudgeJob.STATUS));
    assertTrue(
        dead.<String>getAs(PairJudgeJob.ERROR).contains("did not answer within"), dead.toString());
    assertEquals(2, ScriptedJudge.calls(request(input.get(0)).id()));
    // with one permit per executor, the later items are judged only if the timed-out calls gave
    // theirs back
    assertEquals(
        PairJudgeJob.JUDGED,
        out.get(request(input.get(1)).id()).<String>getAs(PairJudgeJob.STATUS));
    assertEquals(
        PairJudgeJob.JUDGED,
        out.get(request(input.get(2)).id()).<String>getAs(PairJudgeJob.STATUS));
  }

  @Test
  void call_starts_per_executor_respect_the_rate_limit() {
    JudgeFactory timed =
        () ->
            request -> {
              STARTS.add(System.nanoTime());
              return CompletableFuture.completedFuture(ScriptedJudge.answer(request));
            };
    PairJudgeJob job =
        PairJudgeJob.builder(timed, DirectoryResultStore.in(SPARK.newFolder("store")))
            .rateLimit(4, Duration.ofMillis(200))
            .build();
    assertEquals(14, byId(job.judge(pairs(rows(14, 1000), 2))).size());
    List<Long> starts = new ArrayList<>(STARTS);
    Collections.sort(starts);
    assertEquals(14, starts.size());
    for (int i = 0; i + 4 < starts.size(); i++) {
      long span = starts.get(i + 4) - starts.get(i);
      assertTrue(span >= Duration.ofMillis(200).toNanos(), "5 starts within " + span + " ns");
    }
  }

  @Test
  void request_ids_are_the_sha256_of_the_content() {
    // reference values: Python's hashlib over the same length-prefixed UTF-8 parts
    assertEquals(
        "pair-ef074a627184f1f8410fcf0bb69005cc", PairJudgeJob.requestId("What is 2+2?", "4", "5"));
    assertEquals(
        "pair-1d741025da85ecae7a485a7127d02823", PairJudgeJob.requestId("What is 2+2?", "5", "4"));
    assertEquals(
        "pair-707e43355493bef2d02c97d4f06c5980", PairJudgeJob.requestId("héllo ✓", "a", ""));
    assertNotEquals(PairJudgeJob.requestId("ab", "c", "d"), PairJudgeJob.requestId("a", "bc", "d"));
  }

  @Test
  void an_input_without_the_pair_columns_is_refused_with_its_schema() {
    StructType wrong =
        new StructType().add("prompt", DataTypes.StringType).add("a", DataTypes.StringType);
    PairJudgeJob job =
        PairJudgeJob.builder(
                () -> request -> CompletableFuture.completedFuture(ScriptedJudge.answer(request)),
                DirectoryResultStore.in(SPARK.newFolder("store")))
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> job.outputSchema(wrong));
    assertTrue(
        e.getMessage().contains("string column b") && e.getMessage().contains("struct<"),
        e.getMessage());
  }
}
