package dev.align4j.benchmarks.lm;

import com.sun.management.OperatingSystemMXBean;
import dev.align4j.policies.lm.TransformerLanguageModel;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Tokens per second of DPO and GRPO steps on the benchmark transformer, through the optimisers and on the raw batch
 * path, on executors of 1 and 2 threads, side by side in one run ({@link DpoSteps}, {@link GrpoSteps}; the token
 * count is {@link AlignmentStep}'s: the policy's sequence tokens, reference and sampling work timed but not counted).
 *
 * <p>Method: every (thread count, workload) pair gets its own freshly initialised model (same seed) on its own
 * executor (a fixed pool of that many threads, or {@code caller}: the caller's thread). All pairs first run
 * {@code --warmup} steps round-robin (JIT compilation, pooled workspaces), then {@code --repeats} rounds; in each round
 * every pair runs {@code --steps} consecutive steps, in an order rotated from round to round, timed in wall time
 * ({@link System#nanoTime()}) and in CPU time of the whole process (all threads: the executor's, the caller's, and the
 * JVM's own). The report gives medians over the rounds of ms per step and policy tokens/s, then the ratios of medians
 * (optimiser / raw path at each thread count; 2 threads / 1 thread in wall time for each workload), each with the
 * median of the same ratio taken round by round (measured back to back, so more robust to a changing load). Last, the
 * raw steps run {@code --phases} more steps on the caller's thread with a {@link PhaseClock}: the CPU time of each
 * phase (policy forward, reference, objective, backward, AdamW; sampling for GRPO), to read off the serial share.
 *
 * <p>Run: {@code java -Xmx2g --add-modules jdk.incubator.vector -cp <benchmarks class path>
 * dev.align4j.benchmarks.lm.AlignmentStepThroughput [--threads 1,2] [--workloads dpo,grpo] [--steps 8]
 * [--repeats 7] [--warmup 12] [--phases 10]}. The last lines ({@code RESULT …}) are for
 * {@code benchmarks/scripts/dpo_step_compare.sh}, the comparison with PyTorch.
 */
public final class AlignmentStepThroughput {
  private AlignmentStepThroughput() {}

  /** One workload on one executor, with its measurements per round. */
  private static final class Cell {
    final String threads;
    final AlignmentStep step;
    final List<double[]> rounds =
        new ArrayList<>(); // {tokens per step, cpu ms per step, wall ms per step}

    Cell(String threads, AlignmentStep step) {
      this.threads = threads;
      this.step = step;
    }

    double cpuTokensPerSecond(int round) {
      double[] m = rounds.get(round);
      return m[0] / (m[1] / 1000);
    }

    double wallTokensPerSecond(int round) {
      double[] m = rounds.get(round);
      return m[0] / (m[2] / 1000);
    }

    double median(int index) {
      double[] v = rounds.stream().mapToDouble(m -> m[index]).toArray();
      return AlignmentStepThroughput.median(v);
    }
  }

  /** Runs the measurement and prints the report; arguments as in the class comment. */
  public static void main(String[] args) {
    Map<String, String> opts = options(args);
    List<String> threadCounts = List.of(opts.getOrDefault("threads", "1,2").split(","));
    List<String> workloads = List.of(opts.getOrDefault("workloads", "dpo,grpo").split(","));
    int steps = Integer.parseInt(opts.getOrDefault("steps", "8"));
    int repeats = Integer.parseInt(opts.getOrDefault("repeats", "7"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "12"));
    int phaseSteps = Integer.parseInt(opts.getOrDefault("phases", "10"));
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    TransformerLanguageModel probe = AlignmentStep.model(Runnable::run);
    System.out.printf(
        Locale.ROOT,
        "align4j alignment steps: transformer %s, %,d parameters, kernels %s, java %s, "
            + "%d processors, load average %.2f%n",
        probe.config(),
        probe.parameterCount(),
        probe.kernelsName(),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        os.getSystemLoadAverage());
    System.out.printf(
        Locale.ROOT,
        "warm-up %d steps, then %d rounds of %d steps per (threads, workload); medians over "
            + "rounds; tokens = policy sequence tokens (BOS + prompt + separator + completion)%n",
        warmup,
        repeats,
        steps);

    List<ExecutorService> pools = new ArrayList<>();
    List<Cell> cells = new ArrayList<>();
    for (String t : threadCounts) {
      Executor executor;
      if (t.equals("caller")) {
        executor = Runnable::run;
      } else {
        ExecutorService pool =
            Executors.newFixedThreadPool(
                Integer.parseInt(t),
                r -> {
                  Thread th = new Thread(r, "align4j-bench-" + t);
                  th.setDaemon(true);
                  return th;
                });
        pools.add(pool);
        executor = pool;
      }
      for (String w : workloads) {
        for (Function<Executor, AlignmentStep> f : factories(w)) {
          cells.add(new Cell(t, f.apply(executor)));
        }
      }
    }

    for (int i = 0; i < warmup; i++) {
      for (Cell c : cells) {
        c.step.run();
      }
    }
    for (int r = 0; r < repeats; r++) {
      for (int k = 0; k < cells.size(); k++) {
        Cell c = cells.get((k + r) % cells.size());
        long tokens = 0;
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
          tokens += c.step.run();
        }
        long wall = System.nanoTime() - wall0;
        long cpu = os.getProcessCpuTime() - cpu0;
        c.rounds.add(new double[] {tokens / (double) steps, cpu / 1e6 / steps, wall / 1e6 / steps});
      }
    }
    pools.forEach(ExecutorService::shutdown);

    System.out.printf(Locale.ROOT, "load average at the end %.2f%n%n", os.getSystemLoadAverage());
    System.out.printf(
        Locale.ROOT,
        "%-8s %-16s %11s %12s %10s %13s %11s%n",
        "threads",
        "workload",
        "tokens/step",
        "cpu ms/step",
        "cpu tok/s",
        "wall ms/step",
        "wall tok/s");
    for (Cell c : cells) {
      System.out.printf(
          Locale.ROOT,
          "%-8s %-16s %11.0f %12.2f %10.0f %13.2f %11.0f%n",
          c.threads,
          c.step.name(),
          c.median(0),
          c.median(1),
          medianOf(c, true),
          c.median(2),
          medianOf(c, false));
    }
    System.out.println();
    System.out.println(
        "ratios of tokens/s: ratio of medians (median of the round-by-round ratios)");
    for (String w : workloads) {
      String raw = w + "-raw";
      String opt = w + "-optimizer";
      for (String t : threadCounts) {
        Cell a = find(cells, t, opt);
        Cell b = find(cells, t, raw);
        System.out.printf(
            Locale.ROOT,
            "%s optimizer / raw, threads %s: cpu %s, wall %s%n",
            w,
            t,
            ratio(a, b, true),
            ratio(a, b, false));
      }
      if (threadCounts.contains("1") && threadCounts.contains("2")) {
        for (Cell one : cells) {
          if (one.threads.equals("1") && one.step.name().startsWith(w + "-")) {
            Cell two = find(cells, "2", one.step.name());
            System.out.printf(
                Locale.ROOT,
                "%s 2 threads / 1 thread (wall): %s%n",
                one.step.name(),
                ratio(two, one, false));
          }
        }
      }
    }
    if (phaseSteps > 0) {
      System.out.printf(
          Locale.ROOT,
          "%nphases of the raw steps on the caller's thread, CPU time of that thread, %d steps "
              + "after 3 (the serial share bounds the speed-up of a parallel executor)%n",
          phaseSteps);
      for (String w : workloads) {
        PhaseClock clock = w.equals("dpo") ? DpoSteps.phases() : GrpoSteps.phases();
        AlignmentStep raw =
            w.equals("dpo")
                ? DpoSteps.raw(Runnable::run, DpoSteps.batches(13), clock)
                : GrpoSteps.raw(Runnable::run, clock);
        for (int i = 0; i < 3; i++) {
          raw.run();
        }
        clock.reset();
        for (int i = 0; i < phaseSteps; i++) {
          raw.run();
        }
        System.out.println(raw.name() + ":");
        System.out.print(clock.report());
      }
    }
    System.out.println();
    for (Cell c : cells) {
      System.out.printf(
          Locale.ROOT,
          "RESULT workload=%s threads=%s tokens_per_step=%.0f cpu_tokens_per_s=%.0f "
              + "wall_tokens_per_s=%.0f%n",
          c.step.name(),
          c.threads,
          c.median(0),
          medianOf(c, true),
          medianOf(c, false));
    }
  }

  private static List<Function<Executor, AlignmentStep>> factories(String workload) {
    switch (workload) {
      case "dpo":
        return List.of(
            e -> DpoSteps.raw(e, DpoSteps.batches(11)),
            e -> DpoSteps.optimizer(e, DpoSteps.batches(11)));
      case "grpo":
        return List.of(GrpoSteps::raw, GrpoSteps::optimizer, e -> GrpoSteps.rawUpdate(e, 4));
      default:
        throw new IllegalArgumentException("workload must be dpo or grpo, was " + workload);
    }
  }

  private static Cell find(List<Cell> cells, String threads, String name) {
    for (Cell c : cells) {
      if (c.threads.equals(threads) && c.step.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalStateException("no measurement of " + name + " on " + threads + " threads");
  }

  private static double medianOf(Cell c, boolean cpu) {
    double[] v = new double[c.rounds.size()];
    for (int r = 0; r < v.length; r++) {
      v[r] = cpu ? c.cpuTokensPerSecond(r) : c.wallTokensPerSecond(r);
    }
    return median(v);
  }

  /** {@code a / b} in tokens/s: the ratio of the medians and the median of the round-by-round ratios. */
  private static String ratio(Cell a, Cell b, boolean cpu) {
    double[] paired = new double[a.rounds.size()];
    for (int r = 0; r < paired.length; r++) {
      paired[r] =
          cpu
              ? a.cpuTokensPerSecond(r) / b.cpuTokensPerSecond(r)
              : a.wallTokensPerSecond(r) / b.wallTokensPerSecond(r);
    }
    return String.format(
        Locale.ROOT, "%.3f (%.3f)", medianOf(a, cpu) / medianOf(b, cpu), median(paired));
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "arguments must be --name value pairs, was " + Arrays.toString(args));
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    return out;
  }
}
