package dev.align4j.core.llm;

import org.jspecify.annotations.Nullable;

/**
 * The endpoint answered 2xx with a body that is not a chat completion: malformed JSON, or no choices. Retriable,
 * because such answers come from truncated bodies and overloaded proxies and go away on the next attempt; an answer
 * that is well formed but has no text (a refusal, a tool call) is a {@link NonRetriableChatModelException}.
 */
public final class BadResponseException extends RetriableChatModelException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, with a quote of the body (never the key)
   * @param cause the parser's failure, or null
   */
  public BadResponseException(String message, @Nullable Throwable cause) {
    super(message, null, cause);
  }
}
