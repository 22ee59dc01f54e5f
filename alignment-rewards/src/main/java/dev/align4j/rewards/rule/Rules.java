package dev.align4j.rewards.rule;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ready-made verifiable rules, each scoring 1 (pass) or 0 (fail) unless stated otherwise. Build others from
 * {@link RegexRule}, {@link KeywordRule}, {@link JsonValidityRule}, {@link ReferenceAnswerRule} and
 * {@link LengthPenalty}, or write a lambda. {@link #thinkAnswerFormat()} is a {@link RegexRule}, so it abstains
 * (TIMEOUT) rather than hang on a pathological completion.
 */
public final class Rules {
  private static final Pattern THINK_ANSWER =
      Pattern.compile("\\s*<think>.*?</think>\\s*<answer>.*?</answer>\\s*", Pattern.DOTALL);

  private Rules() {}

  /**
   * DeepSeek-R1's format reward: the whole completion is {@code <think>…</think>} followed by
   * {@code <answer>…</answer>} (whitespace around is allowed).
   */
  public static RegexRule thinkAnswerFormat() {
    return RegexRule.matchesWhole(THINK_ANSWER);
  }

  /** The completion is not blank. */
  public static RewardModel nonEmpty() {
    return (prompt, completion) -> completion.text().isBlank() ? 0.0 : 1.0;
  }

  /** The completion contains none of {@code words} (case-insensitive, whole words): a simple blocklist. */
  public static KeywordRule blocklist(List<String> words) {
    return KeywordRule.of(KeywordRule.Mode.NONE, words);
  }

  /** A constant reward (the identity of SUM is 0, of PRODUCT is 1). */
  public static RewardModel constant(double value) {
    Require.finite("value", value);
    return (prompt, completion) -> value;
  }
}
