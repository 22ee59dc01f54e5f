package dev.align4j.benchmarks.objective;

import dev.align4j.optimizers.objective.ListwiseBatch;
import dev.align4j.optimizers.objective.ListwiseResult;
import dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLoss;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Plackett–Luce DPO ({@code dpo_pl}) over one million candidates split into rankings of k ∈ {2, 4, 8}: loss, per-list
 * losses, exact gradient (O(k) per list, by suffix log-sum-exps) and metrics. Compared with a same-run "stream"
 * baseline that reads the two per-candidate inputs (policy, reference) and writes one output per candidate plus one
 * per list, the memory traffic any implementation needs. {@code dpoPlInto} is the allocation-free variant (caller
 * buffers, no metrics).
 *
 * <p>Run: {@code ALIGN4J_TARGET=target-me benchmarks/run.sh 'ListwiseLossBenchmark' -f 1 -wi 3 -i 5}. Throughput in
 * candidates/s = candidates / (time per op); lists/s = that / k.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ListwiseLossBenchmark {
  /** Total number of candidates (a multiple of every k). */
  @Param({"1000000"})
  public int candidates;

  /** Candidates per ranking. */
  @Param({"2", "4", "8"})
  public int k;

  private ListwiseBatch batch;
  private final PlackettLuceDpoLoss dpoPl = PlackettLuceDpoLoss.builder().build();
  private double[] policy;
  private double[] reference;
  private double[] outGrad;
  private double[] outLosses;

  /** Seeded inputs: log-probs around −50 with policy–reference differences of a few nats. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    int n = candidates / k * k;
    policy = new double[n];
    reference = new double[n];
    for (int i = 0; i < n; i++) {
      reference[i] = -50 * random.nextDouble() - 1;
      policy[i] = Math.min(0, reference[i] + 4 * (random.nextDouble() - 0.5));
    }
    batch = ListwiseBatch.ofFixedSize(policy, reference, null, k);
    outGrad = new double[n];
    outLosses = new double[n / k];
  }

  /** The full dpo_pl evaluation (allocates its result arrays). */
  @Benchmark
  public ListwiseResult dpoPl() {
    return dpoPl.evaluate(batch);
  }

  /** dpo_pl into preallocated buffers: loss and gradient only, no allocation (compare with {@code -prof gc}). */
  @Benchmark
  public double dpoPlInto() {
    return dpoPl.evaluateInto(batch, outLosses, outGrad);
  }

  /** Stream baseline: read policy and reference, write one gradient per candidate and one loss per list. */
  @Benchmark
  public double stream() {
    double[] p = policy;
    double[] r = reference;
    double[] g = outGrad;
    double[] l = outLosses;
    int kk = k;
    for (int q = 0, i = 0; q < l.length; q++) {
      double s = 0;
      for (int j = 0; j < kk; j++, i++) {
        double d = p[i] - r[i];
        g[i] = d;
        s += d;
      }
      l[q] = s;
    }
    return l[l.length - 1] + g[0];
  }
}
