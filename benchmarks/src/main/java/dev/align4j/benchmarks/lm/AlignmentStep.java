package dev.align4j.benchmarks.lm;

import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.ByteTokenizer;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;

/**
 * One training step of an alignment workload on the benchmark transformer (width 128, 2 layers, 4 heads, context 64,
 * byte tokens: {@link TransformerConfig#builder()}'s defaults, the model of {@link LmTrainingBenchmark}), timed by
 * {@link AlignmentStepThroughput} and {@link AlignmentStepBenchmark}.
 *
 * <p>Token count: {@link #run()} returns the <em>policy tokens</em> of the step, the tokens of every sequence that the
 * trained policy runs forward and backward through: per sequence, BOS + prompt bytes + separator + completion tokens
 * (the model's input layout; 3 + 61 = 64 for the benchmarks' one-character prompts and 61-byte completions). Work the
 * step does besides (the frozen reference's forward passes, sampling, the π_old log-probabilities of GRPO) is timed
 * but not counted, on every path and on the PyTorch peer alike.
 */
interface AlignmentStep {
  /** Tokens per sequence the benchmarks aim at: the full context. */
  int SEQUENCE_TOKENS = 64;

  /** Completion tokens per sequence: the context minus BOS, the one prompt byte and the separator. */
  int COMPLETION_TOKENS = SEQUENCE_TOKENS - 3;

  /** A short name for reports, e.g. {@code dpo-optimizer}. */
  String name();

  /** Runs one step and returns the policy tokens it processed (see the interface comment). */
  long run();

  /** The trained policy (to check that two paths did the same work). */
  TrainablePolicy policy();

  /**
   * The benchmark transformer with its parameters drawn from {@code new SplittableRandom(1)}, running its batch methods
   * on {@code executor} with the active (Vector API when available) kernels.
   */
  static TransformerLanguageModel model(Executor executor) {
    return TransformerLanguageModel.create(
        ByteTokenizer.INSTANCE,
        TransformerConfig.builder().build(),
        new SplittableRandom(1),
        executor,
        false);
  }

  /** The policy tokens of one sequence: BOS, the prompt's bytes, the separator, then the completion's tokens. */
  static int sequenceTokens(Prompt prompt, int completionTokens) {
    return ByteTokenizer.INSTANCE.encode(prompt.text()).length + 2 + completionTokens;
  }
}
