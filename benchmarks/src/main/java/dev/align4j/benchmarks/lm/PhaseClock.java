package dev.align4j.benchmarks.lm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * CPU time of the calling thread (nanoseconds, {@link ThreadMXBean#getCurrentThreadCpuTime()}) split by the phases of
 * a step: {@link #start()} at the top of the step, {@link #lap(int)} at the end of each phase. Run on an executor that
 * is the caller's thread, the laps hold all the step's work, so they show which share of a step each phase is (for
 * example the part that a parallel executor cannot speed up).
 */
final class PhaseClock {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final String[] names;
  private final long[] nanos;
  private long last;
  private long steps;

  /** A clock for phases with these names, in step order. */
  PhaseClock(String... names) {
    this.names = names.clone();
    this.nanos = new long[names.length];
  }

  /** Starts a step. */
  void start() {
    steps++;
    last = threads.getCurrentThreadCpuTime();
  }

  /** Ends phase {@code phase} of the current step. */
  void lap(int phase) {
    long now = threads.getCurrentThreadCpuTime();
    nanos[phase] += now - last;
    last = now;
  }

  /** Forgets the laps so far (after a warm-up). */
  void reset() {
    Arrays.fill(nanos, 0);
    steps = 0;
  }

  /** One line per phase: CPU ms per step and share of the step. */
  String report() {
    long total = Arrays.stream(nanos).sum();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-34s %8.2f ms/step %6.1f %%%n",
              names[i],
              nanos[i] / 1e6 / steps,
              100.0 * nanos[i] / total));
    }
    sb.append(String.format(Locale.ROOT, "  %-34s %8.2f ms/step%n", "total", total / 1e6 / steps));
    return sb.toString();
  }
}
