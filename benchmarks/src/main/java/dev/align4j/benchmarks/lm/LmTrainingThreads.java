package dev.align4j.benchmarks.lm;

import com.sun.management.OperatingSystemMXBean;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerForward;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.ByteTokenizer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@link LmTrainingBenchmark} step (width 128, 2 layers, batch 16 × 64 tokens, SFT gradient per sequence) on
 * executors of 1 and 2 threads, in wall time, to show what the batch API's parallel passes buy and what the fixed
 * summation order costs: the caller's thread with 1 gradient shard (no reduction at all), the caller's thread and a
 * 1-thread pool with the default shards, a 2-thread pool with the default shards. All variants compute bit-identical
 * parameters except the 1-shard one (another summation order).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp <benchmarks class path>
 * dev.align4j.benchmarks.lm.LmTrainingThreads [steps per repeat] [repeats] [rounds]}. Runs every variant once per
 * round (the first round also warms the JIT up for the later ones) and prints, per variant, the median over
 * repeats of wall ms per step, tokens/s and the process's CPU ms per step (all threads, so parallel overhead shows as
 * more CPU per step). On a shared machine, wall time also measures the other tenants.
 */
public final class LmTrainingThreads {
  private LmTrainingThreads() {}

  /** Runs the measurement. */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    ExecutorService one = Executors.newFixedThreadPool(1);
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      TransformerConfig base = TransformerConfig.builder().build();
      for (int round = 1; round <= rounds; round++) {
        System.out.printf("round %d%n", round);
        measure(
            "caller thread, 1 shard",
            base.toBuilder().gradientShards(1).build(),
            Runnable::run,
            steps,
            repeats);
        measure("caller thread, default shards", base, Runnable::run, steps, repeats);
        measure("1-thread pool, default shards", base, one, steps, repeats);
        measure("2-thread pool, default shards", base, two, steps, repeats);
      }
    } finally {
      one.shutdownNow();
      two.shutdownNow();
    }
  }

  private static void measure(
      String name, TransformerConfig config, Executor executor, int steps, int repeats) {
    TransformerLanguageModel model =
        TransformerLanguageModel.create(ByteTokenizer.INSTANCE, config, 1, executor);
    SplittableRandom r = new SplittableRandom(2);
    List<Prompt> prompts = new ArrayList<>();
    List<Completion> completions = new ArrayList<>();
    int n = LmTrainingBenchmark.SEQUENCE - 3;
    for (int b = 0; b < LmTrainingBenchmark.BATCH; b++) {
      prompts.add(Prompt.of("x"));
      int[] ids = new int[n];
      for (int t = 0; t < n; t++) {
        ids[t] = 32 + r.nextInt(95);
      }
      completions.add(new Completion("", ids, null));
    }
    double[] g = new double[LmTrainingBenchmark.BATCH];
    Arrays.fill(g, -1.0 / (n * LmTrainingBenchmark.BATCH));
    TokenGradients gradients = TokenGradients.perSequence(g);
    Runnable step =
        () -> {
          model.zeroGrad();
          List<TransformerForward> forwards = model.forwardBatch(prompts, completions);
          model.backwardBatch(forwards, gradients);
          model.step(1e-4);
        };
    for (int i = 0; i < 30; i++) {
      step.run();
    }
    double[] wall = new double[repeats];
    double[] cpu = new double[repeats];
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int rep = 0; rep < repeats; rep++) {
      long c0 = os.getProcessCpuTime();
      long w0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        step.run();
      }
      wall[rep] = (System.nanoTime() - w0) / 1e6 / steps;
      cpu[rep] = (os.getProcessCpuTime() - c0) / 1e6 / steps;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    double ms = wall[repeats / 2];
    double tokens = LmTrainingBenchmark.BATCH * LmTrainingBenchmark.SEQUENCE;
    System.out.printf(
        "%-32s wall %8.2f ms/step %9.0f tokens/s   process cpu %8.2f ms/step%n",
        name, ms, tokens / (ms / 1000), cpu[repeats / 2]);
  }
}
