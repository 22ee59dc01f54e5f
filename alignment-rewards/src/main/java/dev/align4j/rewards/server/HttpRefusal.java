package dev.align4j.rewards.server;

import org.jspecify.annotations.Nullable;

/**
 * A request the server answers with an error status and a one-line message ({@code {"error": message}}), with a
 * {@code Retry-After} when {@code retryAfterSeconds > 0}. Messages name the field and the value at fault and never
 * contain a credential.
 */
final class HttpRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final long retryAfterSeconds;

  HttpRefusal(int status, String message) {
    this(status, message, 0, null);
  }

  HttpRefusal(int status, String message, long retryAfterSeconds, @Nullable Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  int status() {
    return status;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
