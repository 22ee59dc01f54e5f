package dev.align4j.rewards.rule;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.regex.Pattern;

/**
 * A verifiable format rule: 1 when the completion matches a regular expression (anywhere, or as a whole), 0
 * otherwise — or the reverse for a forbidden pattern. Format rewards of reasoning models (e.g. DeepSeek-R1's
 * {@code <think>…</think>} check, see {@link Rules#thinkAnswerFormat()}) are of this kind.
 */
public final class RegexRule implements RewardModel {
  private final Pattern pattern;
  private final boolean wholeText;
  private final boolean required;

  private RegexRule(Pattern pattern, boolean wholeText, boolean required) {
    this.pattern = Require.nonNull("pattern", pattern);
    this.wholeText = wholeText;
    this.required = required;
  }

  /** 1 when {@code pattern} is found anywhere in the completion. */
  public static RegexRule contains(Pattern pattern) {
    return new RegexRule(pattern, false, true);
  }

  /** 1 when the whole completion matches {@code pattern}. */
  public static RegexRule matchesWhole(Pattern pattern) {
    return new RegexRule(pattern, true, true);
  }

  /** 1 when {@code pattern} is found nowhere in the completion (a forbidden pattern). */
  public static RegexRule forbids(Pattern pattern) {
    return new RegexRule(pattern, false, false);
  }

  @Override
  public double score(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    var m = pattern.matcher(completion.text());
    boolean hit = wholeText ? m.matches() : m.find();
    return hit == required ? 1.0 : 0.0;
  }

  @Override
  public String toString() {
    return "RegexRule[" + (required ? (wholeText ? "matches " : "contains ") : "forbids ") + pattern + "]";
  }
}
