package dev.align4j.rewards.verify;

import dev.align4j.core.check.Require;

/**
 * One kept example of an abstention, for a person to look at: why, and excerpts of what was asked and answered.
 *
 * @param reason the abstention's reason
 * @param detail the verifier's finding in words
 * @param prompt the prompt's last user text, abbreviated to {@value AbstentionMeter#EXCERPT_CHARS} characters
 * @param completion the completion's text, abbreviated the same way
 */
public record AbstentionExample(
    AbstentionReason reason, String detail, String prompt, String completion) {
  /** Validates. */
  public AbstentionExample {
    Require.nonNull("reason", reason);
    Require.nonNull("detail", detail);
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
  }
}
