package dev.align4j.benchmarks.lm;

// this benchmark measures the kernels themselves, so it uses the internal kernel package (core exports it only
// to align4j's modules; benchmarks run on the class path, where qualified exports are not enforced)
import dev.align4j.core.math.kernel.Kernels;
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
 * The matrix product C[m×n] = A[m×k]·B[k×n] on one thread: the register-blocked Vector API kernel, the portable
 * scalar kernel, and a naive i-j-p triple loop (the textbook baseline). GFLOP/s = 2·m·n·k / (time per op).
 *
 * <p>Shapes: {@code 256x256x256} (square), {@code 1008x384x128} (the LM's fused QKV projection for a batch of 16 × 63
 * rows), {@code 63x128x512} (one sequence's feed-forward down-projection), given as m×n×k.
 *
 * <p>Run: {@code ALIGN4J_TARGET=target-me benchmarks/run.sh 'MatmulBenchmark' -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatmulBenchmark {
  /** m×n×k. */
  @Param({"256x256x256", "1008x384x128", "63x128x512"})
  public String shape;

  /** {@code vector}, {@code scalar} or {@code naive}. */
  @Param({"vector", "scalar", "naive"})
  public String impl;

  private int m;
  private int n;
  private int k;
  private float[] a;
  private float[] b;
  private float[] c;
  private Kernels kernels;

  /** Random inputs. */
  @Setup(Level.Trial)
  public void setUp() {
    String[] parts = shape.split("x");
    m = Integer.parseInt(parts[0]);
    n = Integer.parseInt(parts[1]);
    k = Integer.parseInt(parts[2]);
    SplittableRandom r = new SplittableRandom(3);
    a = new float[m * k];
    b = new float[k * n];
    c = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) r.nextGaussian();
    }
    kernels = impl.equals("vector") ? Kernels.active() : Kernels.scalar();
    if (impl.equals("vector") && !kernels.isVectorized()) {
      throw new IllegalStateException("the Vector API path is not active; run with --add-modules jdk.incubator.vector");
    }
  }

  /** One product. */
  @Benchmark
  public float[] matmul() {
    if (impl.equals("naive")) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float s = 0;
          for (int p = 0; p < k; p++) {
            s += a[i * k + p] * b[p * n + j];
          }
          c[i * n + j] = s;
        }
      }
    } else {
      kernels.matmul(a, b, c, m, k, n, false);
    }
    return c;
  }
}
