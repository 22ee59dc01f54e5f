package dev.align4j.benchmarks.objective;

import dev.align4j.optimizers.objective.ListwiseBatch;
import dev.align4j.optimizers.objective.UnpairedBatch;
import dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLoss;
import dev.align4j.optimizers.objective.unpaired.KtoLoss;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * CPU time (not wall time) per call of KTO and Plackett–Luce DPO {@code evaluateInto}, and of the KTO stream baseline
 * (read three inputs, write two outputs per example), on the inputs of
 * {@link KtoLossBenchmark} and {@link ListwiseLossBenchmark}, measured like the PyTorch peer
 * {@code benchmarks/scripts/objective_unpaired_listwise_torch.py} measures {@code time.process_time}: on a shared,
 * loaded machine the thread's CPU time is the fairer basis for a side-by-side comparison than wall time.
 *
 * <p>Run after {@code benchmarks/run.sh} has built the module (it writes {@code classpath.txt}):
 * {@code java -cp benchmarks/<target>/classes:$(cat benchmarks/<target>/classpath.txt)
 * dev.align4j.benchmarks.objective.UnpairedListwiseCpuTime [n] [reps]}.
 */
public final class UnpairedListwiseCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private UnpairedListwiseCpuTime() {}

  /** Prints the median wall and CPU time of each objective over {@code reps} calls after 20 warm-up calls. */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    SplittableRandom random = new SplittableRandom(42);
    double[] policy = new double[n];
    double[] reference = new double[n];
    double[] klPolicy = new double[n];
    double[] klReference = new double[n];
    boolean[] labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      reference[i] = -50 * random.nextDouble() - 1;
      policy[i] = Math.min(0, reference[i] + 4 * (random.nextDouble() - 0.5));
      labels[i] = random.nextBoolean();
      klReference[i] = -50 * random.nextDouble() - 1;
      klPolicy[i] = Math.min(0, klReference[i] + 2 * (random.nextDouble() - 0.4));
    }
    double[] losses = new double[n];
    double[] grad = new double[n];
    UnpairedBatch unpaired = UnpairedBatch.of(policy, reference, labels).withKlPairs(klPolicy, klReference);
    KtoLoss kto = KtoLoss.builder().classCounts(1, 1).build();
    measure("kto", reps, () -> kto.evaluateInto(unpaired, losses, grad));
    measure("stream", reps, () -> {
      for (int i = 0; i < n; i++) {
        double d = policy[i] - reference[i];
        losses[i] = labels[i] ? d : -d;
        grad[i] = d;
      }
    });
    PlackettLuceDpoLoss dpoPl = PlackettLuceDpoLoss.builder().build();
    for (int k : new int[] {2, 4, 8}) {
      int m = n / k * k;
      ListwiseBatch lists = ListwiseBatch.ofFixedSize(
          Arrays.copyOf(policy, m), Arrays.copyOf(reference, m), null, k);
      measure("dpo_pl k=" + k, reps, () -> dpoPl.evaluateInto(lists, losses, grad));
    }
  }

  private static void measure(String name, int reps, Runnable step) {
    for (int i = 0; i < 20; i++) {
      step.run();
    }
    double[] wall = new double[reps];
    double[] cpu = new double[reps];
    for (int i = 0; i < reps; i++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      step.run();
      wall[i] = (System.nanoTime() - w0) / 1e6;
      cpu[i] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    System.out.printf(Locale.ROOT, "%-12s wall median %8.2f ms  min %8.2f ms  cpu median %8.2f ms%n",
        name, wall[reps / 2], wall[0], cpu[reps / 2]);
  }
}
