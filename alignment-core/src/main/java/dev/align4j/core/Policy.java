package dev.align4j.core;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A policy π(y | x): a conditional distribution over completions y of a prompt x. It can sample a completion, and it
 * can say how likely a given completion is, token by token. A frozen policy used as π_ref is just a {@code Policy}.
 *
 * <p>Randomness is injected: the same generator state gives the same sample.
 */
public interface Policy {

  /** Samples a completion of {@code prompt}. */
  Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random);

  /**
   * Samples one completion of each prompt: {@code sample(prompts.get(i), parameters, random)} for each i, in index
   * order, all drawing from the one generator (so a policy that does not override this gives the same samples as the
   * loop). An implementation may run the examples in parallel, but its samples must be a function of the prompts, the
   * parameters and the generator's state alone: deterministic for a given generator state and independent of the
   * thread count (for instance one seed per example drawn from {@code random} in index order). Duplicated prompts are
   * sampled independently (a GRPO group is one prompt repeated).
   *
   * @throws IllegalArgumentException when an example is refused (the message names its index)
   */
  default List<Completion> sampleBatch(
      List<Prompt> prompts, SamplingParameters parameters, RandomGenerator random) {
    Require.nonNull("prompts", prompts);
    Require.nonNull("parameters", parameters);
    Require.nonNull("random", random);
    List<Completion> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      try {
        out.add(sample(prompts.get(i), parameters, random));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("batch example " + i + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The per-token log-probabilities of {@code completion} given {@code prompt}. */
  TokenLogProbs logProbs(Prompt prompt, Completion completion);

  /**
   * The per-token log-probabilities of a batch: {@code logProbs(prompts.get(i), completions.get(i))} for each i, in
   * order. The default loops on the caller's thread; an implementation may run the examples in parallel.
   *
   * @throws IllegalArgumentException when the lists differ in size, or an example is refused (the message names its
   *     index)
   */
  default List<TokenLogProbs> logProbsBatch(List<Prompt> prompts, List<Completion> completions) {
    Require.nonNull("prompts", prompts);
    Require.nonNull("completions", completions);
    Require.sameLength("prompts", prompts.size(), "completions", completions.size());
    List<TokenLogProbs> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      try {
        out.add(logProbs(prompts.get(i), completions.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("batch example " + i + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The sequence log-probability {@code log π(y | x) = Σ_t log π(y_t | x, y_<t)}. */
  default double sequenceLogProb(Prompt prompt, Completion completion) {
    return logProbs(prompt, completion).sum();
  }
}
