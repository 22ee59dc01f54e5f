package dev.align4j.benchmarks.objective;

import dev.align4j.optimizers.objective.UnpairedBatch;
import dev.align4j.optimizers.objective.UnpairedResult;
import dev.align4j.optimizers.objective.unpaired.KtoLoss;
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
 * KTO ({@code loss_type="kto"}, TRL defaults) on a batch of unpaired examples: loss, per-example losses, exact gradient
 * and metrics, including the KL reference point from as many mismatched pairs as examples. Compared with a same-run
 * "stream" baseline that only reads the three per-example inputs (policy, reference, label) and writes the two
 * per-example outputs (losses, gradient), the memory traffic any implementation needs. {@code ktoInto} is the
 * allocation-free variant (caller buffers, no metrics).
 *
 * <p>Run: {@code ALIGN4J_TARGET=target-me benchmarks/run.sh 'KtoLossBenchmark' -f 1 -wi 3 -i 5}. Throughput in
 * examples/s = n / (time per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KtoLossBenchmark {
  /** Number of examples. */
  @Param({"1000000"})
  public int n;

  private UnpairedBatch batch;
  private final KtoLoss kto = KtoLoss.builder().classCounts(1, 1).build();
  private double[] policy;
  private double[] reference;
  private boolean[] labels;
  private double[] outLosses;
  private double[] outGrad;

  /** Seeded inputs: log-probs around −50 with policy–reference differences of a few nats, balanced labels. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    policy = new double[n];
    reference = new double[n];
    labels = new boolean[n];
    double[] klPolicy = new double[n];
    double[] klReference = new double[n];
    for (int i = 0; i < n; i++) {
      reference[i] = -50 * random.nextDouble() - 1;
      policy[i] = Math.min(0, reference[i] + 4 * (random.nextDouble() - 0.5));
      labels[i] = random.nextBoolean();
      klReference[i] = -50 * random.nextDouble() - 1;
      klPolicy[i] = Math.min(0, klReference[i] + 2 * (random.nextDouble() - 0.4));
    }
    batch = UnpairedBatch.of(policy, reference, labels).withKlPairs(klPolicy, klReference);
    outLosses = new double[n];
    outGrad = new double[n];
  }

  /** The full KTO evaluation (allocates its result arrays). */
  @Benchmark
  public UnpairedResult kto() {
    return kto.evaluate(batch);
  }

  /** KTO into preallocated buffers: loss and gradient only, no allocation (compare with {@code -prof gc}). */
  @Benchmark
  public double ktoInto() {
    return kto.evaluateInto(batch, outLosses, outGrad);
  }

  /** Stream baseline: read policy, reference and label, write two doubles per example. */
  @Benchmark
  public double stream() {
    double[] p = policy;
    double[] r = reference;
    boolean[] l = labels;
    double[] a = outLosses;
    double[] g = outGrad;
    for (int i = 0; i < p.length; i++) {
      double d = p[i] - r[i];
      a[i] = l[i] ? d : -d;
      g[i] = d;
    }
    return a[p.length - 1] + g[0];
  }
}
