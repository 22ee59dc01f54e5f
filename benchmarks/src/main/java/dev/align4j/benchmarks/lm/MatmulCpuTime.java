package dev.align4j.benchmarks.lm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link MatmulBenchmark} timed in CPU time of the running thread (robust to other tenants of a shared machine):
 * GFLOP/s = 2·m·n·k / CPU time, median of 5 repeats, for the Vector API kernel, the scalar kernel and the naive loop.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp <benchmarks class path>
 * dev.align4j.benchmarks.lm.MatmulCpuTime}.
 */
public final class MatmulCpuTime {
  private MatmulCpuTime() {}

  /** Prints one line per (shape, implementation). */
  public static void main(String[] args) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (String shape : new String[] {"256x256x256", "1008x384x128", "63x128x512"}) {
      for (String impl : new String[] {"vector", "scalar", "naive"}) {
        MatmulBenchmark b = new MatmulBenchmark();
        b.shape = shape;
        b.impl = impl;
        b.setUp();
        String[] p = shape.split("x");
        double flops = 2.0 * Long.parseLong(p[0]) * Long.parseLong(p[1]) * Long.parseLong(p[2]);
        int reps = (int) Math.max(2, (impl.equals("vector") ? 4e9 : 2e8) / flops);
        for (int i = 0; i < reps * 2; i++) {
          b.matmul();
        }
        double[] gflops = new double[5];
        for (int r = 0; r < gflops.length; r++) {
          long c0 = threads.getCurrentThreadCpuTime();
          for (int i = 0; i < reps; i++) {
            b.matmul();
          }
          gflops[r] = flops * reps / (threads.getCurrentThreadCpuTime() - c0);
        }
        Arrays.sort(gflops);
        System.out.printf("%-13s %-7s %7.1f GFLOP/s%n", shape, impl, gflops[2]);
      }
    }
  }
}
