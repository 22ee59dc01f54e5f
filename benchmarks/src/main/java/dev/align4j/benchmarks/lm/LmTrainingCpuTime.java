package dev.align4j.benchmarks.lm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The {@link LmTrainingBenchmark} step timed in CPU time of the running thread rather than wall time, the same measure
 * {@code benchmarks/scripts/lm_torch.py} reports for PyTorch ({@code time.process_time()}), so that the two can be
 * compared on a shared, oversubscribed machine where wall time mostly measures the other tenants.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp <benchmarks class path>
 * dev.align4j.benchmarks.lm.LmTrainingCpuTime [vector|scalar] [steps per repeat] [repeats]}. Prints the median over
 * repeats of CPU ms per step and tokens/s (16 × 64 tokens per step), after a warm-up of 40 steps.
 */
public final class LmTrainingCpuTime {
  private LmTrainingCpuTime() {}

  /** Runs the measurement. */
  public static void main(String[] args) {
    String kernels = args.length > 0 ? args[0] : "vector";
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    LmTrainingBenchmark b = new LmTrainingBenchmark();
    b.kernels = kernels;
    b.setUp();
    for (int i = 0; i < (kernels.equals("scalar") ? 5 : 40); i++) {
      b.trainStep();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] cpu = new double[repeats];
    double[] wall = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        b.trainStep();
      }
      cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e6 / steps;
      wall[r] = (System.nanoTime() - w0) / 1e6 / steps;
    }
    Arrays.sort(cpu);
    Arrays.sort(wall);
    double tokens = LmTrainingBenchmark.BATCH * LmTrainingBenchmark.SEQUENCE;
    System.out.printf("align4j %s kernels, batch %d x %d tokens%n", kernels, LmTrainingBenchmark.BATCH,
        LmTrainingBenchmark.SEQUENCE);
    System.out.printf("cpu  %.2f ms/step  %.0f tokens/s%n", cpu[repeats / 2], tokens / (cpu[repeats / 2] / 1000));
    System.out.printf("wall %.2f ms/step  %.0f tokens/s%n", wall[repeats / 2], tokens / (wall[repeats / 2] / 1000));
  }
}
