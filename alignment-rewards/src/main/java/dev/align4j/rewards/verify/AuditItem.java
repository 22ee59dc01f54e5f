package dev.align4j.rewards.verify;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * One item a verifier judged, as the audit sees it.
 *
 * @param prompt the prompt
 * @param completion the completion
 * @param verdict the verifier's verdict on it
 */
public record AuditItem(Prompt prompt, Completion completion, Verdict verdict) {
  /** Validates. */
  public AuditItem {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    Require.nonNull("verdict", verdict);
  }

  /** Runs {@code verifier} on the pair and keeps its verdict. */
  public static AuditItem of(Verifier verifier, Prompt prompt, Completion completion) {
    Require.nonNull("verifier", verifier);
    return new AuditItem(prompt, completion, verifier.verify(prompt, completion));
  }
}
