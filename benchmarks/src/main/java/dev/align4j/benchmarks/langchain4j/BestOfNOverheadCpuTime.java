package dev.align4j.benchmarks.langchain4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The best-of-n decorator's overhead per call measured in CPU time of the measuring thread, for a shared machine
 * (JMH's wall-clock scores swing by 10× at load 20): rounds of {@code calls} decorated calls alternate with rounds of
 * the same number of bare n-call groups, so that both see the same load, and the report gives medians over rounds.
 *
 * <p>Reported per call (µs of CPU time): the bare n calls; the decorator with a reward that costs nothing; the
 * decorator with the hashed reward model; the hashed model's {@code scoreAll} alone; and the overhead = decorator
 * (free reward) − bare, the median of the per-round differences. Run:
 * {@code java -cp ... dev.align4j.benchmarks.langchain4j.BestOfNOverheadCpuTime [n=4] [calls=20000] [rounds=15]}.
 */
public final class BestOfNOverheadCpuTime {
  private BestOfNOverheadCpuTime() {}

  /** Runs the measurement and prints it. */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    BestOfNFixture f = new BestOfNFixture(n);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long sink = 0;
    // warm-up: every path compiled before the first measured round
    for (int i = 0; i < 3; i++) {
      sink += round(f, calls, 0) + round(f, calls, 1) + round(f, calls, 2) + round(f, calls, 3);
    }
    double[][] perCall = new double[4][rounds];
    double[] overhead = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      for (int kind = 0; kind < 4; kind++) {
        long t0 = cpu.getCurrentThreadCpuTime();
        sink += round(f, calls, kind);
        perCall[kind][r] = (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / calls;
      }
      overhead[r] = perCall[1][r] - perCall[0][r];
    }
    String[] names = {
      "bare n calls", "best-of-n, free reward", "best-of-n, hashed reward", "hashed scoreAll alone"
    };
    System.out.printf(
        Locale.ROOT,
        "best-of-n overhead, n = %d, %d calls x %d rounds, CPU time of the measuring"
            + " thread (µs per call; median [min, max] over rounds)%n",
        n,
        calls,
        rounds);
    for (int kind = 0; kind < 4; kind++) {
      System.out.printf(
          Locale.ROOT,
          "  %-26s %9.2f [%.2f, %.2f]%n",
          names[kind],
          median(perCall[kind]),
          min(perCall[kind]),
          max(perCall[kind]));
    }
    System.out.printf(
        Locale.ROOT,
        "  overhead (free reward - bare): median %.2f µs per call [%.2f, %.2f]; target"
            + " < 1000 µs%n",
        median(overhead),
        min(overhead),
        max(overhead));
    System.out.println("  (checksum " + sink + ")");
  }

  /** {@code calls} calls of one kind: 0 bare, 1 free reward, 2 hashed reward, 3 scoring alone. */
  private static long round(BestOfNFixture f, int calls, int kind) {
    long sink = 0;
    for (int i = 0; i < calls; i++) {
      switch (kind) {
        case 0:
          for (int k = 0; k < f.n; k++) {
            sink += f.model.chat(f.request).aiMessage().text().length();
          }
          break;
        case 1:
          sink += f.constantReward.chat(f.request).aiMessage().text().length();
          break;
        case 2:
          sink += f.hashedReward.chat(f.request).aiMessage().text().length();
          break;
        default:
          sink += (long) f.hashed.scoreAll(f.prompt, f.completions)[0];
      }
    }
    return sink;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double min(double[] xs) {
    return Arrays.stream(xs).min().orElse(Double.NaN);
  }

  private static double max(double[] xs) {
    return Arrays.stream(xs).max().orElse(Double.NaN);
  }
}
