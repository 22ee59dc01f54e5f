package dev.align4j.benchmarks.objective;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
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
 * Why the Vector API pairwise kernels keep one hand-written loop per loss and per (reference, smoothing) case: the
 * same sigmoid-DPO loop (with a reference; loss −log σ(βΔ), gradients ∓β·σ(−βΔ), Δ = (c − c₀) − (r − r₀)) in four
 * shapes, on JDK 17's C2.
 *
 * <ul>
 *   <li>{@code inlined}: the math written out in the loop body, as in the library's {@code VectorPairwiseKernels};
 *   <li>{@code helpers}: the same math split into small static helpers taking and returning vectors (the one-template
 *       form a hand-kept library would prefer), left to C2's inlining heuristics;
 *   <li>{@code helpersNotInlined}: the same helpers when C2 does not inline them (forced here with
 *       {@code CompilerControl.DONT_INLINE}; in the library this happens when a helper was compiled on its own first
 *       or the caller's inlining budget is spent) — vectors cross a call boundary and are boxed;
 *   <li>{@code mergedBranches}: one loop for the reference and the reference-free case, choosing the reference
 *       vector with a conditional (a vector phi) instead of one loop per case.
 * </ul>
 *
 * <p>Run: {@code benchmarks/run.sh 'VectorLoopShape' -f 1 -wi 3 -i 5 -w 2 -r 2 -prof gc}. Results and the decision
 * are in {@code benchmarks/results/objectives.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class VectorLoopShapeBenchmark {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  /** Number of pairs (a multiple of every vector length). */
  @Param({"4096", "1048576"})
  public int n;

  double[] c;
  double[] r;
  double[] c0;
  double[] r0;
  double[] losses;
  double[] gc;
  double[] gr;
  boolean withReference = true;
  double beta = 0.1;

  /** Seeded summed log-probabilities in [−300, −1] with policy–reference differences of a few nats. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    c = new double[n];
    r = new double[n];
    c0 = new double[n];
    r0 = new double[n];
    losses = new double[n];
    gc = new double[n];
    gr = new double[n];
    for (int i = 0; i < n; i++) {
      c0[i] = -1 - 299 * rnd.nextDouble();
      r0[i] = -1 - 299 * rnd.nextDouble();
      c[i] = c0[i] + 4 * (rnd.nextDouble() - 0.5);
      r[i] = r0[i] + 4 * (rnd.nextDouble() - 0.5);
    }
  }

  /** The library's shape: everything written out in the loop. */
  @Benchmark
  public double inlined() {
    DoubleVector sum = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    double ga = -beta;
    for (int i = 0; i < n; i += D.length()) {
      DoubleVector x = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, c0, i))
          .sub(DoubleVector.fromArray(D, r, i).sub(DoubleVector.fromArray(D, r0, i))).mul(beta);
      DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector lp = e.lanewise(VectorOperators.LOG1P);
      DoubleVector inv = one.div(e.add(1.0));
      DoubleVector einv = e.mul(inv);
      VectorMask<Double> pos = x.compare(VectorOperators.GE, 0.0);
      DoubleVector loss = x.neg().max(0.0).add(lp);
      DoubleVector g = inv.blend(einv, pos).mul(ga);
      loss.intoArray(losses, i);
      g.intoArray(gc, i);
      g.neg().intoArray(gr, i);
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /** The same math through small helpers, inlined or not as C2 decides. */
  @Benchmark
  public double helpers() {
    DoubleVector sum = DoubleVector.zero(D);
    for (int i = 0; i < n; i += D.length()) {
      DoubleVector x = margin(c, r, c0, r0, i, beta);
      DoubleVector e = expOfMinusAbs(x);
      DoubleVector loss = softplusOfNegative(x, e);
      DoubleVector g = sigmoidOfNegative(x, e).mul(-beta);
      store(loss, g, i);
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /** The same helpers kept out of line: the vectors cross call boundaries. */
  @Benchmark
  public double helpersNotInlined() {
    DoubleVector sum = DoubleVector.zero(D);
    for (int i = 0; i < n; i += D.length()) {
      DoubleVector x = marginOutOfLine(c, r, c0, r0, i, beta);
      DoubleVector e = expOfMinusAbsOutOfLine(x);
      DoubleVector loss = softplusOfNegativeOutOfLine(x, e);
      DoubleVector g = sigmoidOfNegativeOutOfLine(x, e).mul(-beta);
      storeOutOfLine(loss, g, i);
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /** One loop for both cases: the reference log-ratio vector is chosen by a conditional inside the loop. */
  @Benchmark
  public double mergedBranches() {
    DoubleVector sum = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    DoubleVector zero = DoubleVector.zero(D);
    double ga = -beta;
    for (int i = 0; i < n; i += D.length()) {
      DoubleVector ref = withReference
          ? DoubleVector.fromArray(D, c0, i).sub(DoubleVector.fromArray(D, r0, i)) : zero;
      DoubleVector x = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, r, i)).sub(ref).mul(beta);
      DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector lp = e.lanewise(VectorOperators.LOG1P);
      DoubleVector inv = one.div(e.add(1.0));
      DoubleVector einv = e.mul(inv);
      VectorMask<Double> pos = x.compare(VectorOperators.GE, 0.0);
      DoubleVector loss = x.neg().max(0.0).add(lp);
      DoubleVector g = inv.blend(einv, pos).mul(ga);
      loss.intoArray(losses, i);
      g.intoArray(gc, i);
      g.neg().intoArray(gr, i);
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static DoubleVector margin(double[] c, double[] r, double[] c0, double[] r0, int i, double beta) {
    return DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, c0, i))
        .sub(DoubleVector.fromArray(D, r, i).sub(DoubleVector.fromArray(D, r0, i))).mul(beta);
  }

  /** e^{−|x|}, in (0, 1]. */
  private static DoubleVector expOfMinusAbs(DoubleVector x) {
    return x.abs().neg().lanewise(VectorOperators.EXP);
  }

  /** softplus(−x) = max(−x, 0) + log1p(e^{−|x|}), with {@code e} = e^{−|x|}. */
  private static DoubleVector softplusOfNegative(DoubleVector x, DoubleVector e) {
    return x.neg().max(0.0).add(e.lanewise(VectorOperators.LOG1P));
  }

  /** σ(−x) = 1/(1 + e) for x &lt; 0 and e/(1 + e) for x ≥ 0, with {@code e} = e^{−|x|}. */
  private static DoubleVector sigmoidOfNegative(DoubleVector x, DoubleVector e) {
    DoubleVector inv = DoubleVector.broadcast(D, 1.0).div(e.add(1.0));
    return inv.blend(e.mul(inv), x.compare(VectorOperators.GE, 0.0));
  }

  private void store(DoubleVector loss, DoubleVector g, int i) {
    loss.intoArray(losses, i);
    g.intoArray(gc, i);
    g.neg().intoArray(gr, i);
  }

  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private static DoubleVector marginOutOfLine(double[] c, double[] r, double[] c0, double[] r0, int i,
      double beta) {
    return margin(c, r, c0, r0, i, beta);
  }

  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private static DoubleVector expOfMinusAbsOutOfLine(DoubleVector x) {
    return expOfMinusAbs(x);
  }

  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private static DoubleVector softplusOfNegativeOutOfLine(DoubleVector x, DoubleVector e) {
    return softplusOfNegative(x, e);
  }

  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private static DoubleVector sigmoidOfNegativeOutOfLine(DoubleVector x, DoubleVector e) {
    return sigmoidOfNegative(x, e);
  }

  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private void storeOutOfLine(DoubleVector loss, DoubleVector g, int i) {
    store(loss, g, i);
  }
}
