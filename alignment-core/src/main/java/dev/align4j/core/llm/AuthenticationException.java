package dev.align4j.core.llm;

import org.jspecify.annotations.Nullable;

/**
 * The endpoint refused the credentials (HTTP 401) or the permission (HTTP 403). Not retriable: the key or the account
 * must change first. The message never contains the key.
 */
public final class AuthenticationException extends NonRetriableChatModelException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, with the status
   * @param cause the underlying failure, or null
   */
  public AuthenticationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
