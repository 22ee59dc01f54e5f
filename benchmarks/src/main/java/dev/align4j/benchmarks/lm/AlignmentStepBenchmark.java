package dev.align4j.benchmarks.lm;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH view of {@link AlignmentStepThroughput}: one DPO or GRPO step on the benchmark transformer, through the optimiser
 * or on the raw batch path, on an executor of 1 or 2 threads; wall time per step. Policy tokens per step: 2,048 for
 * DPO, at most 1,024 for GRPO (see {@link AlignmentStep}); tokens/s = tokens per step / time per op. The CPU-time
 * harness {@link AlignmentStepThroughput} is the one to trust on a shared machine.
 *
 * <p>Run: {@code benchmarks/run.sh 'AlignmentStepBenchmark' -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class AlignmentStepBenchmark {
  /** The workload: {@code dpo-raw}, {@code dpo-optimizer}, {@code grpo-raw}, {@code grpo-optimizer}. */
  @Param({"dpo-raw", "dpo-optimizer", "grpo-raw", "grpo-optimizer"})
  public String workload;

  /** Threads of the model's executor. */
  @Param({"1", "2"})
  public int threads;

  private ExecutorService pool;
  private AlignmentStep step;

  /** Builds the executor and the workload on a fresh model. */
  @Setup(Level.Trial)
  public void setUp() {
    pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "align4j-bench");
              t.setDaemon(true);
              return t;
            });
    switch (workload) {
      case "dpo-raw":
        step = DpoSteps.raw(pool, DpoSteps.batches(11));
        break;
      case "dpo-optimizer":
        step = DpoSteps.optimizer(pool, DpoSteps.batches(11));
        break;
      case "grpo-raw":
        step = GrpoSteps.raw(pool);
        break;
      case "grpo-optimizer":
        step = GrpoSteps.optimizer(pool);
        break;
      default:
        throw new IllegalArgumentException("unknown workload " + workload);
    }
  }

  /** Stops the executor's threads. */
  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdown();
  }

  /** One step; returns its policy tokens. */
  @Benchmark
  public long step() {
    return step.run();
  }
}
