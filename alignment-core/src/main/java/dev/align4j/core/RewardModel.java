package dev.align4j.core;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;

/**
 * An explicit, response-level reward: how desirable a completion is as an answer to a prompt, as a real number
 * (higher is better). The scale is the model's own; a Bradley–Terry model's scores are log-odds, so
 * {@code σ(score(x, y₁) − score(x, y₂))} is the modelled probability that y₁ is preferred.
 *
 * <p>A lambda is a valid reward model, and that is how users extend align4j:
 *
 * <pre>{@code
 * RewardModel concise = (prompt, completion) -> -completion.text().length() / 100.0;
 * }</pre>
 *
 * <p>Implementations must be deterministic for a given input unless documented otherwise, must never return NaN,
 * and should be safe to call from several threads.
 */
@FunctionalInterface
public interface RewardModel {

  /** The reward of {@code completion} as an answer to {@code prompt}. */
  double score(Prompt prompt, Completion completion);

  /** Scores several completions of one prompt (e.g. a GRPO group or best-of-n candidates). */
  default double[] scoreAll(Prompt prompt, List<Completion> completions) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completions", completions);
    double[] out = new double[completions.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = score(prompt, completions.get(i));
    }
    return out;
  }

  /** Scores aligned lists of prompts and completions: {@code out[i] = score(prompts[i], completions[i])}. */
  default double[] scoreBatch(List<Prompt> prompts, List<Completion> completions) {
    Require.nonNull("prompts", prompts);
    Require.nonNull("completions", completions);
    Require.sameLength("prompts", prompts.size(), "completions", completions.size());
    double[] out = new double[prompts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = score(prompts.get(i), completions.get(i));
    }
    return out;
  }
}
