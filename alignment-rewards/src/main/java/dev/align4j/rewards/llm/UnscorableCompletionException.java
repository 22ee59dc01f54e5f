package dev.align4j.rewards.llm;

import dev.align4j.core.AlignmentException;
import dev.align4j.core.check.Require;

/**
 * Thrown by {@link LlmJudgeReward#score} when the chat model's answer holds no usable score and no explicit fallback
 * was configured. Carries the typed {@link JudgeScore.Unscorable} result. Use {@link LlmJudgeReward#judge} to handle
 * the case without exceptions.
 */
public final class UnscorableCompletionException extends AlignmentException {
  private static final long serialVersionUID = 1L;
  private final transient JudgeScore.Unscorable result;

  /** Wraps the unscorable result. */
  public UnscorableCompletionException(JudgeScore.Unscorable result) {
    super("the judge's answer is unscorable: " + result.reason() + " (answer: \""
        + Require.abbreviate(result.rawAnswer(), 80) + "\")");
    this.result = result;
  }

  /** The typed result. */
  public JudgeScore.Unscorable result() {
    return result;
  }
}
