package dev.align4j.core;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy that can also return its whole next-token distribution at every completion position, not only the
 * log-probability of the token produced: an optional capability of in-process models (the pure-Java transformer has
 * it; a remote model has at most {@link TopKLogProbs}). A teacher in distillation and π_ref in TDPO are used through
 * it.
 */
public interface DistributionPolicy extends Policy {

  /** The number of tokens in the policy's vocabulary (the width of every distribution row). */
  int vocabularySize();

  /**
   * The next-token log-distributions at every completion position of {@code completion} given {@code prompt}; row t
   * holds the distribution of completion token t, so {@code logProb(t, y_t)} equals {@link #logProbs}'s value t.
   */
  TokenDistributions tokenDistributions(Prompt prompt, Completion completion);

  /**
   * {@link #tokenDistributions} of each example, in order. The default loops on the caller's thread.
   *
   * @throws IllegalArgumentException when the lists differ in size, or an example is refused (the message names its
   *     index)
   */
  default List<TokenDistributions> tokenDistributionsBatch(
      List<Prompt> prompts, List<Completion> completions) {
    Require.nonNull("prompts", prompts);
    Require.nonNull("completions", completions);
    Require.sameLength("prompts", prompts.size(), "completions", completions.size());
    List<TokenDistributions> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      try {
        out.add(tokenDistributions(prompts.get(i), completions.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("batch example " + i + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
