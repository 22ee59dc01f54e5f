package dev.align4j.benchmarks.objective;

import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseObjective;
import java.util.Map;
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
 * Every pairwise loss type through {@code evaluateInto} on the same {@code n} pairs as {@link PairwiseLossBenchmark},
 * to compare each with sigmoid (the target: within 3× of sigmoid's time). Hyper-parameters are the registry's
 * defaults, plus {@code label_smoothing} = 1e-3 for exo_pair and {@code ld_alpha} = 0.5 for ld_dpo.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PairwiseLossTypesBenchmark {
  /** Number of pairs. */
  @Param({"1000000"})
  public int n;

  /** The loss type. */
  @Param({"sigmoid", "hinge", "ipo", "exo_pair", "nca_pair", "robust", "bco_pair", "sppo_hard", "aot",
      "aot_unpaired", "apo_zero", "apo_down", "discopop", "sft", "sigmoid_norm", "cdpo", "r_dpo", "dpop", "beta_dpo",
      "ld_dpo", "slic", "simpo", "cpo", "cpo_hinge", "cpo_ipo", "alphapo", "orpo"})
  public String lossType;

  private PairwiseBatch batch;
  private PairwiseObjective objective;
  private double[] losses;
  private double[] gradChosen;
  private double[] gradRejected;

  /** The batch and the objective. */
  @Setup(Level.Trial)
  public void setUp() {
    batch = PairwiseLossBenchmark.batch(n, 42);
    // simpo without its default NLL and alphapo at the AlphaPO paper's α: the computations the results table measured
    Map<String, ?> config = lossType.equals("exo_pair") ? Map.of("label_smoothing", 1e-3)
        : lossType.equals("ld_dpo") ? Map.of("ld_alpha", 0.5)
        : lossType.equals("simpo") ? Map.of("cpo_alpha", 0.0)
        : lossType.equals("alphapo") ? Map.of("alpha", 0.25) : Map.of();
    objective = Objectives.pairwise(lossType, config);
    losses = new double[n];
    gradChosen = new double[n];
    gradRejected = new double[n];
  }

  /** One evaluation into caller buffers. */
  @Benchmark
  public double evaluateInto() {
    return objective.evaluateInto(batch, losses, gradChosen, gradRejected);
  }
}
