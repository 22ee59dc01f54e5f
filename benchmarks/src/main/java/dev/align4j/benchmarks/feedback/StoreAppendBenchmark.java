package dev.align4j.benchmarks.feedback;

import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.feedback.store.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Feedback-store appends (labels/s; every label is durable when its append returns): group commit with batches of
 * 1,000, group commit with 8 concurrent single-label writers, and fsync per record. A label is a realistic
 * AI-judge pairwise record (~600 bytes of JSON). The store file is recreated for every iteration.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreAppendBenchmark {

  static final PairwiseComparison LABEL = new PairwiseComparison(
      Prompt.of("Explain in two sentences why the sky is blue."),
      Completion.of("Sunlight is scattered by air molecules, and blue light scatters more than red because of its "
          + "shorter wavelength (Rayleigh scattering). So the sky looks blue from every direction."),
      Completion.of("Because the ocean reflects onto it."), Outcome.A, 0.93, null, Presentation.BOTH_ORDERS,
      Provenance.ai("gpt-judge", "harmless", Instant.parse("2026-01-01T00:00:00Z"))
          .withAttribute("order_consistent", "true").withAttribute("template_hash", "0123456789abcdef"));

  /** One store per iteration. */
  @State(Scope.Benchmark)
  public static class Store {
    FeedbackStore store;
    Path dir;
    final AtomicLong ids = new AtomicLong();

    void open(FsyncPolicy policy) throws IOException {
      dir = Files.createTempDirectory("align4j-store-bench");
      store = FeedbackStore.open(dir.resolve("labels.jsonl"), policy, Clock.systemUTC());
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
      store.close();
      try (var s = Files.list(dir)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  /** Group-commit store. */
  @State(Scope.Benchmark)
  public static class GroupStore extends Store {
    @Setup(Level.Iteration)
    public void setUp() throws IOException {
      open(FsyncPolicy.GROUP_COMMIT);
    }
  }

  /** Fsync-per-record store. */
  @State(Scope.Benchmark)
  public static class SyncStore extends Store {
    @Setup(Level.Iteration)
    public void setUp() throws IOException {
      open(FsyncPolicy.EVERY_RECORD);
    }
  }

  @Benchmark
  @OperationsPerInvocation(1000)
  public int groupCommitBatchesOf1000(GroupStore s) {
    List<Map.Entry<String, PairwiseComparison>> batch = new ArrayList<>(1000);
    for (int i = 0; i < 1000; i++) {
      batch.add(Map.entry("id-" + s.ids.incrementAndGet(), LABEL));
    }
    return s.store.appendAll(batch);
  }

  @Benchmark
  @Threads(8)
  public boolean groupCommit8Writers(GroupStore s) {
    return s.store.append("id-" + s.ids.incrementAndGet(), LABEL);
  }

  @Benchmark
  public boolean fsyncEveryRecord(SyncStore s) {
    return s.store.append("id-" + s.ids.incrementAndGet(), LABEL);
  }
}
