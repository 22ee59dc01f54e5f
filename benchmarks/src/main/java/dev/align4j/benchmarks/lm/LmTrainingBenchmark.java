package dev.align4j.benchmarks.lm;

// this benchmark compares the two kernel paths, so it uses the internal kernel package (core
// exports it only
// to align4j's modules; benchmarks run on the class path, where qualified exports are not enforced)
import dev.align4j.core.TokenGradients;
import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerForward;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.ByteTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * One training step of the transformer LM (zero-grad, forward, backward, AdamW with clipping) at the issue's
 * configuration: width 128, 2 layers, 4 heads, context 64, batch 16, byte tokens, single thread. Every sequence is 64
 * tokens ({@code [BOS] x [SEP]} + 61 completion tokens), trained with the SFT gradient (−1/n per token).
 *
 * <p>Run: {@code ALIGN4J_TARGET=target-me benchmarks/run.sh 'LmTrainingBenchmark' -f 1 -wi 3 -i 5 [-prof gc]}.
 * Tokens/s = 16 × 64 / (time per op). The PyTorch peer is {@code benchmarks/scripts/lm_torch.py}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LmTrainingBenchmark {
  /** Sequences per step. */
  public static final int BATCH = 16;

  /** Tokens per sequence. */
  public static final int SEQUENCE = 64;

  /** {@code vector}: the active (Vector API) kernels; {@code scalar}: the portable scalar kernels. */
  @Param({"vector", "scalar"})
  public String kernels;

  private TransformerLanguageModel model;
  private List<Prompt> prompts;
  private List<Completion> completions;
  private TokenGradients gradients;

  /** Builds the model and a fixed batch of random byte sequences. */
  @Setup(Level.Trial)
  public void setUp() {
    Kernels k = kernels.equals("scalar") ? Kernels.scalar() : Kernels.active();
    if (kernels.equals("vector") && !k.isVectorized()) {
      throw new IllegalStateException(
          "the Vector API path is not active; run with --add-modules jdk.incubator.vector");
    }
    model =
        TransformerLanguageModel.create(
            ByteTokenizer.INSTANCE,
            TransformerConfig.builder().build(),
            new SplittableRandom(1),
            Runnable::run,
            !k.isVectorized());
    SplittableRandom r = new SplittableRandom(2);
    prompts = new ArrayList<>();
    completions = new ArrayList<>();
    int n = SEQUENCE - 3;
    for (int b = 0; b < BATCH; b++) {
      prompts.add(Prompt.of("x"));
      int[] ids = new int[n];
      for (int t = 0; t < n; t++) {
        ids[t] = 32 + r.nextInt(95);
      }
      completions.add(new Completion("", ids, null));
    }
    // the SFT gradient d(mean token NLL)/d log π(y_t) = −1/(n·BATCH), the same for every token: one
    // per sequence
    double[] g = new double[BATCH];
    Arrays.fill(g, -1.0 / (n * BATCH));
    gradients = TokenGradients.perSequence(g);
  }

  /** Zero-grad, forward and backward over the batch, one AdamW step; returns the gradient norm. */
  @Benchmark
  public double trainStep() {
    model.zeroGrad();
    List<TransformerForward> forwards = model.forwardBatch(prompts, completions);
    model.backwardBatch(forwards, gradients);
    return model.step(1e-4);
  }
}
