package dev.align4j.review;

import org.jspecify.annotations.Nullable;

/**
 * A request the API refuses: the HTTP status, the JSON field at fault (for 400) and a message safe to show (it never
 * holds a token, a session id or a CSRF token).
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final @Nullable String field;
  private final @Nullable String allow;
  private long retryAfterSeconds;

  ApiException(int status, @Nullable String field, String message) {
    this(status, field, message, null);
  }

  private ApiException(int status, @Nullable String field, String message, @Nullable String allow) {
    super(message);
    this.status = status;
    this.field = field;
    this.allow = allow;
  }

  static ApiException methodNotAllowed(String method, String allowed) {
    return new ApiException(
        405, null, "method " + method + " is not allowed here; use " + allowed, allowed);
  }

  /** Adds a {@code Retry-After} of {@code seconds} to the refusal (429). */
  ApiException retryAfter(long seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** The {@code Retry-After} seconds, or 0 for none. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Nullable String allow() {
    return allow;
  }

  static ApiException badField(String field, String message) {
    return new ApiException(400, field, field + ": " + message);
  }

  static ApiException conflict(String message) {
    return new ApiException(409, null, message);
  }

  int status() {
    return status;
  }

  @Nullable String field() {
    return field;
  }
}
