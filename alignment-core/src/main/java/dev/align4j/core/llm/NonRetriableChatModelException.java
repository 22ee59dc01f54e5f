package dev.align4j.core.llm;

import org.jspecify.annotations.Nullable;

/**
 * A chat call failed in a way that trying again will not fix: wrong credentials, an unknown model, another 4xx
 * answer, a refusal. {@link #retryable()} is false.
 */
public class NonRetriableChatModelException extends ChatModelException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong
   * @param cause the underlying failure, or null
   */
  public NonRetriableChatModelException(String message, @Nullable Throwable cause) {
    super(message, false, cause);
  }
}
