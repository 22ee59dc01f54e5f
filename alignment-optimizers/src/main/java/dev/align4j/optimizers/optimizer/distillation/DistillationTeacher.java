package dev.align4j.optimizers.optimizer.distillation;

import dev.align4j.core.DistributionPolicy;
import dev.align4j.core.Policy;
import dev.align4j.core.TopKLogProbs;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * What the {@link DistillationOptimizer} knows of the teacher, which decides the objective:
 *
 * <ul>
 *   <li>{@link InProcess}: the full next-token distribution at every position (an in-process model such as a larger
 *       pure-Java transformer); the objective is GKD's generalised JSD with β.
 *   <li>{@link RemoteTopK}: the k most likely tokens and their log-probabilities per position (a remote endpoint's
 *       {@code top_logprobs}); the objective is the reverse KL with a tail bucket
 *       ({@link dev.align4j.optimizers.objective.distillation.TopKReverseKlLoss}).
 *   <li>{@link SampledTokens}: only the log-probability of each given token; the objective is the per-token
 *       reverse-KL estimate on the student's own samples
 *       ({@link dev.align4j.optimizers.objective.distillation.SampledReverseKlLoss}).
 * </ul>
 */
public sealed interface DistillationTeacher
    permits DistillationTeacher.InProcess,
        DistillationTeacher.RemoteTopK,
        DistillationTeacher.SampledTokens {

  /** A teacher with full distributions. */
  static InProcess inProcess(DistributionPolicy policy) {
    return new InProcess(policy);
  }

  /** A teacher known through its top-k log-probabilities. */
  static RemoteTopK remoteTopK(TopKSource source, int k) {
    return new RemoteTopK(source, k);
  }

  /** A teacher known through the log-probabilities of given tokens. */
  static SampledTokens sampledTokens(Policy policy) {
    return new SampledTokens(policy);
  }

  /**
   * The top-k log-probabilities of a teacher at every completion position (what an OpenAI-compatible endpoint returns
   * with {@code logprobs} and {@code top_logprobs}, its tokens mapped to the student's ids).
   */
  @FunctionalInterface
  interface TopKSource {
    /** The k most likely tokens and their log-probabilities at each position of {@code completion}. */
    TopKLogProbs topLogProbs(Prompt prompt, Completion completion, int k);

    /** A source reading an in-process policy's distributions (to simulate a remote teacher, or in tests). */
    static TopKSource of(DistributionPolicy policy) {
      Require.nonNull("policy", policy);
      return (prompt, completion, k) -> policy.tokenDistributions(prompt, completion).topK(k);
    }
  }

  /**
   * An in-process teacher.
   *
   * @param policy the teacher; its vocabulary must be the student's
   */
  record InProcess(DistributionPolicy policy) implements DistillationTeacher {
    /** Validates. */
    public InProcess {
      Require.nonNull("policy", policy);
    }
  }

  /**
   * A remote teacher.
   *
   * @param source where the top-k log-probabilities come from
   * @param k how many per position, positive (OpenAI's {@code top_logprobs} allows up to 20)
   */
  record RemoteTopK(TopKSource source, int k) implements DistillationTeacher {
    /** Validates. */
    public RemoteTopK {
      Require.nonNull("source", source);
      Require.positive("k", k);
    }
  }

  /**
   * A teacher that scores given tokens only.
   *
   * @param policy the teacher
   */
  record SampledTokens(Policy policy) implements DistillationTeacher {
    /** Validates. */
    public SampledTokens {
      Require.nonNull("policy", policy);
    }
  }
}
