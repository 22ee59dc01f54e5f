package dev.align4j.optimizers.optimizer;

import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The bad-input checks every optimiser applies to its batches, with messages that name the batch element: an empty
 * batch, a prompt whose text is blank, a missing or empty completion, a completion the policy scores with no tokens.
 * A completion longer than the policy's context is refused by the policy itself (its message is passed on, prefixed
 * with the element's name).
 */
public final class InputChecks {
  /** How the batch methods of {@code dev.align4j.core} name a refused example: {@code "batch example i: "}. */
  private static final String BATCH_EXAMPLE = "batch example ";

  private InputChecks() {}

  /** Requires a non-null, non-empty batch. */
  public static <T> List<T> batch(String name, List<T> batch) {
    Require.nonNull(name, batch);
    Require.argument(!batch.isEmpty(), "%s must hold at least one example, was empty", name);
    return batch;
  }

  /** Requires a prompt with non-blank text. */
  public static Prompt prompt(String name, Prompt prompt) {
    Require.nonNull(name, prompt);
    Require.argument(
        !prompt.text().isBlank(), "%s must not be empty, its text was \"%s\"", name, prompt.text());
    return prompt;
  }

  /** Requires a completion with non-empty text. */
  public static Completion completion(String name, Completion completion) {
    Require.nonNull(name + " (the prompt has no completion)", completion);
    Require.argument(!completion.text().isEmpty(), "%s must not be empty, its text was \"\"", name);
    return completion;
  }

  /** Requires that the policy scored at least one token. */
  public static TokenLogProbs tokens(String name, TokenLogProbs logProbs) {
    Require.argument(
        logProbs.length() > 0, "%s must have at least one token under the policy, had 0", name);
    return logProbs;
  }

  /** Runs {@code action}, prefixing any {@link IllegalArgumentException} with {@code name}. */
  public static <T> T named(String name, Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs a batch call ({@code forwardBatch}, {@code logProbsBatch}, {@link ReferenceCache#logProbs(List, List, int[])},
   * …), whose refusal names the example as {@code "batch example i: …"}, and renames example i {@code names.apply(i)}:
   * the message is then {@code names.apply(i) + ": …"}, what {@link #named} gives for the single call, and the
   * refusal is kept as the cause. A refusal that names no example is passed on unchanged.
   */
  public static <T> T namedBatch(IntFunction<String> names, Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      int colon = message.indexOf(": ");
      if (!message.startsWith(BATCH_EXAMPLE) || colon <= BATCH_EXAMPLE.length()) {
        throw e;
      }
      int index;
      try {
        index = Integer.parseInt(message.substring(BATCH_EXAMPLE.length(), colon));
      } catch (NumberFormatException notAnIndex) {
        throw e;
      }
      throw new IllegalArgumentException(names.apply(index) + message.substring(colon), e);
    }
  }

  /**
   * Checks a batch of decisive pairwise comparisons and lays it out as 2n sequences, pair i's chosen completion at
   * 2i and its rejected one at 2i + 1, appending to {@code prompts} and {@code completions}.
   *
   * @throws IllegalArgumentException naming {@code batch[i]} when an entry is null, has no decisive outcome, or has an
   *     invalid prompt or completion
   */
  public static void interleavedPairs(
      List<PairwiseComparison> batch, List<Prompt> prompts, List<Completion> completions) {
    for (int i = 0; i < batch.size(); i++) {
      String name = "batch[" + i + "]";
      PairwiseComparison p = Require.nonNull(name, batch.get(i));
      prompt(name + ".prompt", p.prompt());
      Require.argument(
          p.isDecisive(),
          "%s must have a decisive outcome (A or B) for pairwise optimisation, was %s",
          name,
          p.outcome());
      prompts.add(p.prompt());
      completions.add(completion(name + ".chosen", p.chosen()));
      prompts.add(p.prompt());
      completions.add(completion(name + ".rejected", p.rejected()));
    }
  }
}
