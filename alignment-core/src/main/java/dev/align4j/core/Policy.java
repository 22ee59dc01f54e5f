package dev.align4j.core;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
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

  /** The per-token log-probabilities of {@code completion} given {@code prompt}. */
  TokenLogProbs logProbs(Prompt prompt, Completion completion);

  /** The sequence log-probability {@code log π(y | x) = Σ_t log π(y_t | x, y_<t)}. */
  default double sequenceLogProb(Prompt prompt, Completion completion) {
    return logProbs(prompt, completion).sum();
  }
}
