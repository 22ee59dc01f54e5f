package dev.align4j.benchmarks.objective;

import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss;
import dev.align4j.optimizers.objective.policygradient.PpoLoss;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The same workloads as {@link PolicyGradientLossBenchmark}, timed in thread CPU time instead of wall time, so that
 * the figures stay comparable on a shared, overloaded machine (where JMH's wall-clock scores mostly measure the
 * scheduler). Medians of 15 rounds of 20 calls after 200 warm-up calls, same seeded inputs; the PyTorch peer
 * {@code benchmarks/scripts/objective_pg_torch.py} reports the same statistic ({@code time.process_time}).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp <benchmarks class path>
 * dev.align4j.benchmarks.objective.PolicyGradientCpuTime [sequences] [tokens]}.
 */
public final class PolicyGradientCpuTime {
  private PolicyGradientCpuTime() {}

  /** Prints median CPU microseconds per evaluation and tokens per second for each objective. */
  public static void main(String[] args) {
    int sequences = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 512;
    int n = sequences * tokens;
    SplittableRandom random = new SplittableRandom(7);
    int[] lengths = new int[sequences];
    Arrays.fill(lengths, tokens);
    double[] lp = new double[n];
    double[] old = new double[n];
    double[] ref = new double[n];
    double[] values = new double[n];
    double[] returns = new double[n];
    for (int t = 0; t < n; t++) {
      lp[t] = -6 * random.nextDouble();
      old[t] = Math.min(0, lp[t] + 0.3 * (random.nextDouble() - 0.5));
      ref[t] = Math.min(0, lp[t] + 0.6 * (random.nextDouble() - 0.5));
      values[t] = random.nextGaussian();
      returns[t] = random.nextGaussian();
    }
    double[] adv = new double[sequences];
    for (int i = 0; i < sequences; i++) {
      adv[i] = random.nextGaussian();
    }
    PolicyGradientBatch batch = PolicyGradientBatch.builder().lengths(lengths).logProbs(lp).oldLogProbs(old)
        .referenceLogProbs(ref).sequenceAdvantages(adv).values(values, returns).build();
    Map<String, PolicyGradientObjective> objectives = new LinkedHashMap<>();
    objectives.put("dapo", GrpoLoss.builder().build());
    objectives.put("grpoWithKl", GrpoLoss.builder().lossType(GrpoLoss.LossType.GRPO).beta(0.04).build());
    objectives.put("gspo", GrpoLoss.gspo().build());
    objectives.put("ppo", PpoLoss.builder().build());
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double sink = 0;
    System.out.printf("align4j, float64, %d x %d tokens, thread CPU time%n", sequences, tokens);
    for (Map.Entry<String, PolicyGradientObjective> e : objectives.entrySet()) {
      double[] micros = new double[15];
      for (int w = 0; w < 200; w++) {
        sink += e.getValue().evaluate(batch).loss();
      }
      for (int r = 0; r < micros.length; r++) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int k = 0; k < 20; k++) {
          sink += e.getValue().evaluate(batch).loss();
        }
        micros[r] = (mx.getCurrentThreadCpuTime() - t0) / 20.0 / 1000.0;
      }
      Arrays.sort(micros);
      double median = micros[micros.length / 2];
      System.out.printf("%-12s median CPU %9.1f us/op   (%6.1f M tokens/s)%n", e.getKey(), median, n / median);
    }
    System.out.println(sink == 42 ? "" : "done");
  }
}
