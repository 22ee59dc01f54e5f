package dev.align4j.feedback.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.AlignmentException;
import dev.align4j.core.llm.AuthenticationException;
import dev.align4j.core.llm.BadResponseException;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.NonRetriableChatModelException;
import dev.align4j.core.llm.RateLimitException;
import dev.align4j.core.llm.RemoteTimeoutException;
import dev.align4j.core.llm.RetriableChatModelException;
import dev.align4j.core.text.Message;
import dev.align4j.feedback.FakeChatServer;
import dev.align4j.feedback.FakeChatServer.Reply;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The OpenAI-compatible client throws the typed failures of {@code dev.align4j.core.llm} for each HTTP status and
 * failure kind, against a real HTTP server on loopback: 401/403 authentication (not retried), 429 rate limit, a client
 * timeout and 408 timeout, malformed JSON bad response (retried), other 4xx non-retriable. Every one is an
 * {@link AlignmentException} and a {@link ChatModelException} whose {@code retryable()} agrees with its type.
 */
class ChatFailureTypesTest {
  private static final ChatRequest HELLO = ChatRequest.of(List.of(Message.user("hello")), 8);
  /** One attempt: the exception is the typed failure itself, not a wrapper after retries. */
  private static final RetryPolicy ONE_ATTEMPT =
      new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 2, Duration.ofSeconds(5));
  private static final RetryPolicy THREE_ATTEMPTS =
      new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), 2, Duration.ofSeconds(5));

  private static OpenAiChatModel.Builder client(FakeChatServer s, RetryPolicy retry) {
    return OpenAiChatModel.builder().baseUrl(s.baseUrl()).model("judge-1").apiKey(() -> "sk-secret-42").retry(retry)
        .requestTimeout(Duration.ofSeconds(5)).sleeper(d -> { });
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "401, AuthenticationException, false",
    "403, AuthenticationException, false",
    "429, RateLimitException, true",
    "408, RemoteTimeoutException, true",
    "409, RetriableChatModelException, true",
    "500, RetriableChatModelException, true",
    "503, RetriableChatModelException, true",
    "400, NonRetriableChatModelException, false",
    "404, NonRetriableChatModelException, false",
  })
  void statusMapsToItsType(int status, String type, boolean retryable) throws Exception {
    try (FakeChatServer s = new FakeChatServer((n, b, ex) -> Reply.status(status, "{\"error\":\"x\"}"))) {
      ChatModelException e = assertThrows(ChatModelException.class, () -> client(s, ONE_ATTEMPT).build().chat(HELLO));
      Throwable typed = retryable ? e.getCause() : e; // after the last attempt, a retriable failure is the cause
      assertEquals(type, typed.getClass().getSimpleName(), String.valueOf(typed));
      assertEquals(retryable, e.retryable());
      assertEquals(retryable, e instanceof RetriableChatModelException);
      assertEquals(!retryable, e instanceof NonRetriableChatModelException);
      assertInstanceOf(AlignmentException.class, e);
      assertTrue(typed.getMessage().contains("HTTP " + status), typed.getMessage());
      assertFalse(e.getMessage().contains("sk-secret-42"));
      assertEquals(1, s.calls());
    }
  }

  @Test
  void authenticationFailuresAreNotRetried() throws Exception {
    try (FakeChatServer s = new FakeChatServer((n, b, ex) -> Reply.status(401, "{\"error\":\"bad key\"}"))) {
      assertThrows(AuthenticationException.class, () -> client(s, THREE_ATTEMPTS).build().chat(HELLO));
      assertEquals(1, s.calls());
    }
  }

  @Test
  void rateLimitCarriesRetryAfterAndIsRetried() throws Exception {
    try (FakeChatServer s = new FakeChatServer((n, b, ex) ->
        Reply.status(429, "{}", Map.of("Retry-After", "0")))) {
      RetriableChatModelException e = assertThrows(RetriableChatModelException.class,
          () -> client(s, THREE_ATTEMPTS).build().chat(HELLO));
      assertEquals(3, s.calls());
      RateLimitException last = assertInstanceOf(RateLimitException.class, e.getCause());
      assertEquals(Duration.ZERO, last.retryAfter().orElseThrow());
      assertTrue(e.getMessage().contains("failed after 3 attempts"), e.getMessage());
    }
  }

  @Test
  void aClientTimeoutIsARemoteTimeoutWithTheJdkCause() throws Exception {
    try (FakeChatServer s = new FakeChatServer((n, b, ex) -> Reply.json(FakeChatServer.answer("late")).after(3000))) {
      RetriableChatModelException e = assertThrows(RetriableChatModelException.class,
          () -> client(s, ONE_ATTEMPT).requestTimeout(Duration.ofMillis(300)).build().chat(HELLO));
      RemoteTimeoutException timeout = assertInstanceOf(RemoteTimeoutException.class, e.getCause());
      assertInstanceOf(HttpTimeoutException.class, timeout.getCause());
      assertTrue(timeout.getMessage().contains("timed out after 300 ms"), timeout.getMessage());
    }
  }

  @Test
  void malformedJsonIsABadResponseAndIsRetried() throws Exception {
    try (FakeChatServer s = new FakeChatServer((n, b, ex) -> n == 1 ? Reply.json("{\"choices\": [ {\"mess")
        : n == 2 ? Reply.json("{\"id\": 1}") : Reply.json(FakeChatServer.answer("fine")))) {
      assertEquals("fine", client(s, THREE_ATTEMPTS).build().chat(HELLO).text());
      assertEquals(3, s.calls());
    }
    try (FakeChatServer s = new FakeChatServer((n, b, ex) -> Reply.json("not json"))) {
      RetriableChatModelException e = assertThrows(RetriableChatModelException.class,
          () -> client(s, ONE_ATTEMPT).build().chat(HELLO));
      BadResponseException bad = assertInstanceOf(BadResponseException.class, e.getCause());
      assertTrue(bad.getMessage().contains("malformed JSON"), bad.getMessage());
      assertTrue(bad.retryable());
    }
  }

  @Test
  void aRefusalIsNonRetriable() throws Exception {
    try (FakeChatServer s = new FakeChatServer((n, b, ex) -> Reply.json(FakeChatServer.refusal("no")))) {
      NonRetriableChatModelException e = assertThrows(NonRetriableChatModelException.class,
          () -> client(s, THREE_ATTEMPTS).build().chat(HELLO));
      assertFalse(e.retryable());
      assertEquals(1, s.calls());
    }
  }

  @Test
  void anOpenCircuitIsRetriable() {
    assertInstanceOf(RetriableChatModelException.class, new CircuitOpenException("open", null));
    assertTrue(new CircuitOpenException("open", null).retryable());
  }
}
