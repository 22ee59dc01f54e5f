package dev.align4j.benchmarks.objective;

import dev.align4j.core.KernelPath;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.optimizers.objective.pairwise.PairwiseLoss;
import java.util.Map;
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
 * Sigmoid DPO (TRL defaults, β = 0.1) on {@code n} pairs through {@code evaluateInto} (caller buffers, no allocation)
 * and {@code evaluate} (result arrays and metrics), against a same-run "stream" baseline that only reads the four
 * input arrays (c, r, c₀, r₀) and writes two output arrays — the memory traffic any implementation needs (DPO itself
 * also writes a third array, the per-pair losses). Throughput in pairs/s = n / (time per op).
 *
 * <p>The kernel path is the JVM's: Vector API with {@code --add-modules jdk.incubator.vector} (as
 * {@code benchmarks/run.sh} runs), scalar with {@code -Dalign4j.kernels.scalar=true}; see
 * {@link PairwiseLossScalarBenchmark}. Run: {@code ALIGN4J_TARGET=target-me benchmarks/run.sh 'PairwiseLoss' -f 1
 * -wi 3 -i 5 [-prof gc]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PairwiseLossBenchmark {
  /** Number of pairs. */
  @Param({"1000000"})
  public int n;

  PairwiseBatch batch;
  PairwiseObjective sigmoid;
  double[] losses;
  double[] gradChosen;
  double[] gradRejected;

  /** Seeded summed log-probabilities in [−300, −1] with policy–reference differences of a few nats. */
  @Setup(Level.Trial)
  public void setUp() {
    batch = batch(n, 42);
    sigmoid = Objectives.pairwise("sigmoid", Map.of());
    losses = new double[n];
    gradChosen = new double[n];
    gradRejected = new double[n];
    System.out.println("# align4j kernels: " + KernelPath.active().name() + ", pairwise objective " + sigmoid);
  }

  static PairwiseBatch batch(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] c = new double[n];
    double[] r = new double[n];
    double[] c0 = new double[n];
    double[] r0 = new double[n];
    int[] lc = new int[n];
    int[] lr = new int[n];
    for (int i = 0; i < n; i++) {
      lc[i] = 1 + random.nextInt(300);
      lr[i] = 1 + random.nextInt(300);
      c0[i] = -lc[i] * (0.2 + random.nextDouble());
      r0[i] = -lr[i] * (0.2 + random.nextDouble());
      c[i] = Math.min(-1e-3, c0[i] + 4 * (random.nextDouble() - 0.5));
      r[i] = Math.min(-1e-3, r0[i] + 4 * (random.nextDouble() - 0.5));
    }
    return PairwiseBatch.of(c, r, c0, r0, lc, lr);
  }

  /** Sigmoid DPO into caller buffers (no allocation): losses and both gradients. */
  @Benchmark
  public double sigmoidInto() {
    return sigmoid.evaluateInto(batch, losses, gradChosen, gradRejected);
  }

  /** Sigmoid DPO with fresh result arrays and TRL metrics. */
  @Benchmark
  public PairwiseResult sigmoidEvaluate() {
    return sigmoid.evaluate(batch);
  }

  /** Stream baseline: read c, r, c₀, r₀; write two doubles per pair. */
  @Benchmark
  public double stream() {
    double[] c = batch.policyChosen();
    double[] r = batch.policyRejected();
    double[] c0 = batch.referenceChosen();
    double[] r0 = batch.referenceRejected();
    double[] o1 = gradChosen;
    double[] o2 = gradRejected;
    for (int i = 0; i < n; i++) {
      double d = (c[i] - c0[i]) - (r[i] - r0[i]);
      o1[i] = d;
      o2[i] = -d;
    }
    return o1[n - 1];
  }
}
