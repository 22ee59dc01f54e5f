package dev.align4j.feedback.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Message;
import dev.align4j.feedback.FakeChatServer;
import dev.align4j.feedback.FakeChatServer.Reply;
import dev.align4j.testkit.CapturingLogger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OpenAiChatModelTest {
  private static final ChatRequest HELLO = ChatRequest.of(List.of(Message.user("hello")), 8);
  private static final RetryPolicy FAST =
      new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20), 2, Duration.ofSeconds(5));

  private static OpenAiChatModel.Builder client(FakeChatServer s) {
    return OpenAiChatModel.builder()
        .baseUrl(s.baseUrl())
        .model("judge-1")
        .noApiKey()
        .retry(FAST)
        .requestTimeout(Duration.ofSeconds(5));
  }

  @Test
  void sendsTheProtocolSubsetAndParsesTextAndLogprobs() throws Exception {
    try (FakeChatServer s =
        new FakeChatServer(
            (n, body, ex) ->
                Reply.json(
                    FakeChatServer.answer(
                        "Verdict: 1",
                        List.of(
                            Map.entry("Verdict", Map.of("Verdict", -0.01)),
                            Map.entry(":", Map.of(":", -0.001)),
                            Map.entry(" 1", Map.of(" 1", -0.2, " 2", -1.8))))))) {
      OpenAiChatModel m = client(s).apiKey(() -> "sk-test-123").build();
      ChatResponse r = m.chat(HELLO.withTopLogProbs(2));
      assertEquals("Verdict: 1", r.text());
      assertEquals(3, r.tokens().size());
      assertEquals(-0.2, r.tokens().get(2).logProb(), 1e-12);
      assertEquals(2, r.tokens().get(2).alternatives().size());
      assertEquals(10, r.promptTokens());
      assertEquals("stop", r.finishReason());
      var body = s.bodies.get(0);
      assertEquals("judge-1", body.get("model").asText());
      assertEquals("user", body.get("messages").get(0).get("role").asText());
      assertTrue(body.get("logprobs").asBoolean());
      assertEquals(2, body.get("top_logprobs").asInt());
      assertEquals("Bearer sk-test-123", s.authorizations.get(0));
      // without log-probs asked for, the fields are not sent (some servers reject them)
      m.chat(HELLO);
      assertFalse(s.bodies.get(1).has("logprobs"));
      assertFalse(s.bodies.get(1).has("top_logprobs"));
      assertEquals("judge-1", m.modelId());
    }
  }

  @Test
  void noKeyMeansNoAuthorizationHeader() throws Exception {
    try (FakeChatServer s =
        new FakeChatServer((n, b, ex) -> Reply.json(FakeChatServer.answer("ok")))) {
      client(s).build().chat(HELLO);
      assertEquals("", s.authorizations.get(0));
    }
  }

  @Test
  void retriesServerErrorsAndDroppedConnectionsThenSucceeds() throws Exception {
    try (FakeChatServer s =
        new FakeChatServer(
            (n, b, ex) ->
                n == 1
                    ? Reply.status(500, "{\"error\":\"boom\"}")
                    : n == 2
                        ? Reply.drop()
                        : n == 3
                            ? Reply.status(503, "")
                            : Reply.json(FakeChatServer.answer("fine")))) {
      List<Duration> waits = new ArrayList<>();
      OpenAiChatModel m = client(s).sleeper(waits::add).build();
      assertEquals("fine", m.chat(HELLO).text());
      assertEquals(4, s.calls());
      assertEquals(3, waits.size());
      for (int i = 0; i < waits.size(); i++) {
        long cap = Math.min(20, 5L << i);
        assertTrue(
            waits.get(i).toMillis() <= cap,
            "wait " + i + " = " + waits.get(i) + " must be <= " + cap);
      }
    }
  }

  @Test
  void honoursRetryAfterOn429() throws Exception {
    try (FakeChatServer s =
        new FakeChatServer(
            (n, b, ex) ->
                n == 1
                    ? Reply.status(429, "{\"error\":\"slow down\"}", Map.of("Retry-After", "1"))
                    : Reply.json(FakeChatServer.answer("done")))) {
      List<Duration> waits = new ArrayList<>();
      OpenAiChatModel m =
          client(s)
              .sleeper(
                  d -> {
                    waits.add(d);
                    Sleeper.SYSTEM.sleep(d);
                  })
              .build();
      long t0 = System.nanoTime();
      assertEquals("done", m.chat(HELLO).text());
      long gapMillis = (s.arrivalNanos.get(1) - s.arrivalNanos.get(0)) / 1_000_000;
      assertEquals(Duration.ofSeconds(1), waits.get(0));
      assertTrue(
          gapMillis >= 1000,
          "second call came " + gapMillis + " ms after the first, Retry-After was 1 s");
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000);
    }
  }

  @Test
  void retryAfterLongerThanTheCapFailsInsteadOfWaiting() throws Exception {
    try (FakeChatServer s =
        new FakeChatServer((n, b, ex) -> Reply.status(429, "{}", Map.of("Retry-After", "3600")))) {
      ChatModelException e =
          assertThrows(ChatModelException.class, () -> client(s).build().chat(HELLO));
      assertTrue(e.retryable());
      assertTrue(e.getMessage().contains("exceeds maxRetryAfter"), e.getMessage());
      assertEquals(1, s.calls());
    }
  }

  @Test
  void retryAfterParsesSecondsAndHttpDates() {
    java.time.Instant now = java.time.Instant.parse("2015-10-21T07:27:30Z");
    assertEquals(Duration.ofMillis(2500), OpenAiChatModel.parseRetryAfter("2.5", now));
    assertEquals(null, OpenAiChatModel.parseRetryAfter("soon", now));
    assertEquals(null, OpenAiChatModel.parseRetryAfter(null, now));
    assertEquals(
        Duration.ofSeconds(30),
        OpenAiChatModel.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now));
    assertEquals(
        Duration.ZERO,
        OpenAiChatModel.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now.plusSeconds(3600)));
  }

  @Test
  void refusalsAndClientErrorsAreNotRetried() throws Exception {
    try (FakeChatServer s =
        new FakeChatServer(
            (n, b, ex) -> Reply.json(FakeChatServer.refusal("I can't judge that")))) {
      ChatModelException e =
          assertThrows(ChatModelException.class, () -> client(s).build().chat(HELLO));
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("refused"));
      assertEquals(1, s.calls());
    }
    try (FakeChatServer s =
        new FakeChatServer((n, b, ex) -> Reply.status(400, "{\"error\":\"bad model\"}"))) {
      ChatModelException e =
          assertThrows(ChatModelException.class, () -> client(s).build().chat(HELLO));
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
      assertEquals(1, s.calls());
    }
  }

  @Test
  void malformedJsonIsRetriedAndFinallyReported() throws Exception {
    try (FakeChatServer s =
        new FakeChatServer((n, b, ex) -> Reply.json("{\"choices\": [ {\"mess"))) {
      ChatModelException e =
          assertThrows(
              ChatModelException.class, () -> client(s).sleeper(d -> {}).build().chat(HELLO));
      assertTrue(e.retryable());
      assertTrue(e.getMessage().contains("failed after 4 attempts"), e.getMessage());
      assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
      assertEquals(4, s.calls());
    }
  }

  @Test
  void timeoutsAreRetried() throws Exception {
    try (FakeChatServer s =
        new FakeChatServer(
            (n, b, ex) ->
                n == 1
                    ? Reply.json(FakeChatServer.answer("late")).after(4000)
                    : Reply.json(FakeChatServer.answer("on time")))) {
      OpenAiChatModel m =
          client(s).requestTimeout(Duration.ofMillis(1500)).sleeper(d -> {}).build();
      assertEquals("on time", m.chat(HELLO).text());
      assertTrue(s.calls() >= 2, "the timed-out first call must have been retried");
    }
  }

  @Test
  void circuitBreakerOpensAfterConsecutiveFailuresAndRecoversAfterTheOpenDuration()
      throws Exception {
    AtomicLong millis = new AtomicLong(0);
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
          }
        };
    boolean[] healthy = {false};
    try (FakeChatServer s =
        new FakeChatServer(
            (n, b, ex) ->
                healthy[0] ? Reply.json(FakeChatServer.answer("ok")) : Reply.status(502, ""))) {
      OpenAiChatModel m =
          client(s)
              .retry(RetryPolicy.NONE)
              .circuitBreaker(new CircuitBreaker(3, Duration.ofSeconds(10), clock))
              .build();
      for (int i = 0; i < 3; i++) {
        assertThrows(ChatModelException.class, () -> m.chat(HELLO));
      }
      assertEquals(CircuitBreaker.State.OPEN, m.circuitState());
      ChatModelException e = assertThrows(ChatModelException.class, () -> m.chat(HELLO));
      assertTrue(e.getMessage().contains("circuit breaker is open"), e.getMessage());
      assertEquals(3, s.calls(), "an open breaker must not call the server");
      healthy[0] = true;
      millis.set(10_000);
      assertEquals("ok", m.chat(HELLO).text());
      assertEquals(CircuitBreaker.State.CLOSED, m.circuitState());
    }
  }

  @Test
  void concurrencyLimitCapsCallsInFlight() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (FakeChatServer s =
        new FakeChatServer((n, b, ex) -> Reply.json(FakeChatServer.answer("x")).after(40))) {
      OpenAiChatModel m = client(s).maxConcurrency(2).build();
      List<CompletableFuture<ChatResponse>> fs = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        fs.add(m.chatAsync(HELLO, pool).toCompletableFuture());
      }
      fs.forEach(CompletableFuture::join);
      assertEquals(12, s.calls());
      assertTrue(s.maxInFlight() <= 2, "max in flight was " + s.maxInFlight());
      assertEquals(2, s.maxInFlight());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Ten callers at once from start-up, one connection, the first answer held for 1.2 s: the limit (3 starts per
   * 500 ms) is counted when a request is sent, after the concurrency permit, so the callers that queued behind the
   * slow call do not go out together when it ends. Checked on the server's arrival times, with 200 ms of the window
   * left for delivery jitter: no 300 ms window holds more than 3 arrivals.
   */
  @Test
  void rateLimitHoldsInEveryWindowFromStartUpAndAfterWaitingForAPermit() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try (FakeChatServer s =
        new FakeChatServer(
            (n, b, ex) ->
                n == 1
                    ? Reply.json(FakeChatServer.answer("x")).after(1200)
                    : Reply.json(FakeChatServer.answer("x")))) {
      OpenAiChatModel m = client(s).maxConcurrency(1).rateLimit(3, Duration.ofMillis(500)).build();
      List<CompletableFuture<ChatResponse>> fs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        fs.add(m.chatAsync(HELLO, pool).toCompletableFuture());
      }
      fs.forEach(CompletableFuture::join);
      assertEquals(10, s.calls());
      int most = RateLimitTest.maxInAnyWindow(s.arrivalNanos, 300_000_000L);
      assertTrue(
          most <= 3,
          "a 300 ms window held "
              + most
              + " arrivals, limit 3 per 500 ms; arrivals (ms): "
              + s.arrivalNanos.stream().map(t -> (t - s.arrivalNanos.get(0)) / 1_000_000).toList());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theApiKeyNeverAppearsInLogsExceptionsOrToString() throws Exception {
    String key = "sk-SECRET-a1b2c3d4e5f6";
    // a hostile or buggy server that echoes the Authorization header back in its error bodies
    try (FakeChatServer s =
        new FakeChatServer(
            (n, b, ex) -> {
              String echo =
                  "{\"error\":\"bad credentials: "
                      + ex.getRequestHeaders().getFirst("Authorization")
                      + "\"}";
              return n % 2 == 1 ? Reply.status(500, echo) : Reply.status(401, echo);
            })) {
      CapturingLogger log = new CapturingLogger();
      OpenAiChatModel m = client(s).apiKey(() -> key).logger(log).sleeper(d -> {}).build();
      ChatModelException e = assertThrows(ChatModelException.class, () -> m.chat(HELLO));
      assertEquals(2, s.calls());
      assertEquals("Bearer " + key, s.authorizations.get(0), "the key must still be sent");
      List<String> texts = new ArrayList<>(log.lines);
      for (Throwable t = e; t != null; t = t.getCause()) {
        texts.add(String.valueOf(t.getMessage()));
        texts.add(t.toString());
      }
      texts.add(m.toString());
      texts.add(OpenAiChatModel.builder().apiKey(() -> key).toString());
      assertFalse(log.lines.isEmpty(), "the retry must have been logged");
      assertTrue(
          e.getMessage().contains("***"),
          "the echoed key must be visibly redacted: " + e.getMessage());
      for (String t : texts) {
        assertFalse(t.contains(key), "key leaked in: " + t);
        assertFalse(t.contains("SECRET"), "key fragment leaked in: " + t);
      }
    }
  }

  @Test
  void builderRejectsBadArgumentsWithNamedMessages() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> OpenAiChatModel.builder().baseUrl("ftp://x"));
    assertTrue(e.getMessage().contains("baseUrl"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> OpenAiChatModel.builder().maxConcurrency(0));
    assertTrue(e.getMessage().contains("maxConcurrency"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> OpenAiChatModel.builder().build());
    assertTrue(e.getMessage().contains("model"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO));
    assertTrue(e.getMessage().contains("maxAttempts"), e.getMessage());
    assertNotNull(RetryPolicy.DEFAULT.delayBefore(1, null, new java.util.SplittableRandom(1)));
  }
}
