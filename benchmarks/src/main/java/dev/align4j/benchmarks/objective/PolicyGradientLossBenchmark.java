package dev.align4j.benchmarks.objective;

import dev.align4j.core.KernelPath;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss;
import dev.align4j.optimizers.objective.policygradient.PpoLoss;
import java.util.Arrays;
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
 * Policy-gradient losses with exact gradients on a ragged batch of {@code sequences × tokens} per-token log-probs
 * (default 64 × 512 = 32,768 tokens, a GRPO step of 8 prompts × G = 8 at TRL's old max_completion_length): GRPO's
 * default {@code dapo} with β = 0 (no reference), {@code grpo} with β = 0.04 (k3 KL on every token), GSPO
 * (sequence-level ratio) and PPO with its clipped value loss. Compared with a same-run "stream" baseline that reads
 * the three per-token inputs (policy, old policy, advantage) and writes one gradient per token: the memory traffic
 * any implementation needs, without the exp per token.
 *
 * <p>Run: {@code ALIGN4J_TARGET=target-me benchmarks/run.sh 'PolicyGradientLossBenchmark' -f 1 -i 5} (the 10 × 2 s
 * warm-up matters on a loaded machine: the Vector API loop is only fast once C2 has compiled it).
 * Throughput in tokens/s = sequences·tokens / (time per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyGradientLossBenchmark {
  /** Number of sequences. */
  @Param({"64"})
  public int sequences;

  /** Tokens per sequence. */
  @Param({"512"})
  public int tokens;

  private PolicyGradientBatch batch;
  private double[] logProbs;
  private double[] oldLogProbs;
  private double[] advantages;
  private double[] grad;
  private final GrpoLoss dapo = GrpoLoss.builder().build();
  private final GrpoLoss grpoKl = GrpoLoss.builder().lossType(GrpoLoss.LossType.GRPO).beta(0.04).build();
  private final GrpoLoss gspo = GrpoLoss.gspo().build();
  private final PpoLoss ppo = PpoLoss.builder().build();

  /** Seeded inputs: token log-probs in (−6, 0], old/reference within a few tenths, one advantage per sequence. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    int n = sequences * tokens;
    int[] lengths = new int[sequences];
    Arrays.fill(lengths, tokens);
    logProbs = new double[n];
    oldLogProbs = new double[n];
    double[] ref = new double[n];
    double[] values = new double[n];
    double[] returns = new double[n];
    for (int t = 0; t < n; t++) {
      logProbs[t] = -6 * random.nextDouble();
      oldLogProbs[t] = Math.min(0, logProbs[t] + 0.3 * (random.nextDouble() - 0.5));
      ref[t] = Math.min(0, logProbs[t] + 0.6 * (random.nextDouble() - 0.5));
      values[t] = random.nextGaussian();
      returns[t] = random.nextGaussian();
    }
    double[] seqAdv = new double[sequences];
    for (int i = 0; i < sequences; i++) {
      seqAdv[i] = random.nextGaussian();
    }
    batch = PolicyGradientBatch.builder().lengths(lengths).logProbs(logProbs).oldLogProbs(oldLogProbs)
        .referenceLogProbs(ref).sequenceAdvantages(seqAdv).values(values, returns).build();
    advantages = batch.advantages();
    grad = new double[n];
    System.out.println("kernels: " + KernelPath.active().name());
  }

  /** GRPOTrainer's default: loss_type dapo, β = 0. */
  @Benchmark
  public PolicyGradientResult dapo() {
    return dapo.evaluate(batch);
  }

  /** DeepSeekMath GRPO: per-sequence token means, β = 0.04 (k3 on every token). */
  @Benchmark
  public PolicyGradientResult grpoWithKl() {
    return grpoKl.evaluate(batch);
  }

  /** GSPO: one ratio per sequence. */
  @Benchmark
  public PolicyGradientResult gspo() {
    return gspo.evaluate(batch);
  }

  /** PPO: clipped surrogate plus clipped value loss (gradients for log-probs and values). */
  @Benchmark
  public PolicyGradientResult ppo() {
    return ppo.evaluate(batch);
  }

  /** Stream baseline: read policy, old policy and advantage per token, write one double per token. */
  @Benchmark
  public double stream() {
    double[] p = logProbs;
    double[] o = oldLogProbs;
    double[] a = advantages;
    double[] g = grad;
    double s = 0;
    for (int t = 0; t < p.length; t++) {
      double v = (p[t] - o[t]) * a[t];
      g[t] = v;
      s += v;
    }
    return s;
  }
}
