package dev.align4j.feedback.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.text.Message;
import dev.align4j.feedback.FakeChatServer;
import dev.align4j.feedback.FakeChatServer.Reply;
import dev.align4j.testkit.CapturingLogger;
import dev.align4j.testkit.ManualClock;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An endpoint that refuses connections or answers garbage: the failure is kept, logged once at WARN, and readable. */
class EndpointFailureTest {
  static final String KEY = "sk-SECRET-9f8e7d6c5b4a";
  private static final ChatRequest HELLO = ChatRequest.of(List.of(Message.user("hello")), 8);
  private static final RetryPolicy FAST =
      new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), 2, Duration.ofSeconds(5));

  /** A loopback port with nothing listening: bound, then closed. */
  static int refusedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static <T extends Throwable> T causeOf(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in the cause chain of " + t, t);
  }

  /** Every message and toString of the chain. */
  static List<String> texts(Throwable t) {
    List<String> out = new ArrayList<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.add(String.valueOf(c.getMessage()));
      out.add(c.toString());
    }
    return out;
  }

  static void assertNoKey(List<String> texts) {
    for (String t : texts) {
      assertFalse(t.contains(KEY) || t.contains("SECRET"), "key leaked in: " + t);
    }
  }

  @Test
  void aRefusedConnectionIsKeptInTheCauseChainLoggedOnceAtWarnAndReportedByHealth()
      throws Exception {
    String base = "http://127.0.0.1:" + refusedPort() + "/v1";
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(1_700_000_000_000L));
    CapturingLogger log = new CapturingLogger();
    OpenAiChatModel m =
        OpenAiChatModel.builder()
            .baseUrl(base)
            .model("judge-1")
            .apiKey(() -> KEY)
            .retry(FAST)
            .sleeper(d -> {})
            .logger(log)
            .clock(clock)
            .connectTimeout(Duration.ofSeconds(2))
            .circuitBreaker(new CircuitBreaker(5, Duration.ofSeconds(30), clock))
            .build();
    assertTrue(m.health().up(), "nothing seen yet");

    // start-up check: fails at once, with the refused connection at the root
    ChatModelException checked = assertThrows(ChatModelException.class, m::check);
    assertNotNull(causeOf(checked, ConnectException.class));
    assertTrue(
        checked.getMessage().contains("health check of " + base + "/chat/completions failed"),
        checked.getMessage());
    assertTrue(checked.getMessage().contains("java.net.ConnectException"), checked.getMessage());
    assertFalse(checked.getMessage().endsWith(": null"), checked.getMessage());

    // a call: 3 attempts, all refused; the exception says so and keeps the cause
    ChatModelException e = assertThrows(ChatModelException.class, () -> m.chat(HELLO));
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("failed after 3 attempts"), e.getMessage());
    assertNotNull(causeOf(e, ConnectException.class));

    // the breaker opens at the 5th consecutive failure (1 check + 3 + 1 of the next call)
    clock.advance(Duration.ofMillis(1_000));
    assertThrows(ChatModelException.class, () -> m.chat(HELLO));
    assertEquals(CircuitBreaker.State.OPEN, m.circuitState());
    clock.advance(Duration.ofMillis(4_000));
    CircuitOpenException open = assertThrows(CircuitOpenException.class, () -> m.chat(HELLO));
    assertTrue(
        open.getMessage().contains("circuit breaker is open for " + base), open.getMessage());
    assertNotNull(
        causeOf(open, ConnectException.class), "an open breaker still names the root cause");

    EndpointHealth h = m.health();
    assertFalse(h.up());
    assertEquals(CircuitBreaker.State.OPEN, h.circuit());
    assertEquals(5, h.failedAttempts());
    assertEquals(5, h.consecutiveFailures());
    assertEquals(
        2, h.rejectedByOpenCircuit(), "the rest of the 5th call's attempts and the next call");
    assertEquals(1, h.timesOpened());
    assertEquals(Duration.ofSeconds(4), h.circuitOpenTime());
    assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), h.failingSince());
    assertNull(h.lastSuccess());
    assertNotNull(causeOf(h.lastFailure(), ConnectException.class));

    // logs: the first failure once at WARN with the endpoint and the cause chain; the opening at
    // WARN; rest DEBUG
    List<String> warns = log.lines.stream().filter(l -> l.startsWith("WARN")).toList();
    assertEquals(2, warns.size(), "WARN lines: " + warns);
    assertTrue(
        warns.get(0).contains(base) && warns.get(0).contains("java.net.ConnectException"),
        warns.get(0));
    assertTrue(
        warns.get(1).contains("circuit breaker for " + base + "/chat/completions opened after 5"),
        warns.get(1));
    assertTrue(
        log.lines.stream().noneMatch(l -> l.startsWith("INFO")),
        "no INFO-only trace: " + log.lines);

    List<String> all = new ArrayList<>(log.lines);
    all.addAll(texts(checked));
    all.addAll(texts(e));
    all.addAll(texts(open));
    all.add(h.toString());
    all.add(m.toString());
    assertNoKey(all);
  }

  @Test
  void serverErrorsAndGarbageAreCountedAndTheRecoveryIsLogged() throws Exception {
    boolean[] healthy = {false};
    try (FakeChatServer s =
        new FakeChatServer(
            (n, b, ex) ->
                healthy[0]
                    ? Reply.json(FakeChatServer.answer("ok"))
                    : n % 2 == 1
                        ? Reply.status(500, "{\"error\":\"upstream down\"}")
                        : Reply.json("<html>bad gateway"))) {
      ManualClock clock = new ManualClock(Instant.ofEpochMilli(1_700_000_000_000L));
      CapturingLogger log = new CapturingLogger();
      OpenAiChatModel m =
          OpenAiChatModel.builder()
              .baseUrl(s.baseUrl())
              .model("judge-1")
              .apiKey(() -> KEY)
              .retry(FAST.withMaxAttempts(2))
              .sleeper(d -> {})
              .logger(log)
              .clock(clock)
              .build();
      ChatModelException e = assertThrows(ChatModelException.class, () -> m.chat(HELLO));
      assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
      assertInstanceOf(
          JsonProcessingException.class,
          causeOf(e, JsonProcessingException.class),
          "the parser's exception is kept");
      ChatModelException health = assertThrows(ChatModelException.class, m::check);
      assertTrue(health.getMessage().contains("HTTP 500"), health.getMessage());
      assertEquals(3, m.health().failedAttempts());
      assertFalse(m.health().up());
      assertEquals(
          1,
          log.lines.stream().filter(l -> l.startsWith("WARN")).count(),
          "WARN lines: " + log.lines);

      healthy[0] = true;
      clock.advance(Duration.ofMillis(2_000));
      m.check();
      assertTrue(m.health().up());
      assertEquals(clock.instant(), m.health().lastSuccess());
      assertNull(m.health().failingSince());
      assertTrue(
          log.lines.stream()
              .anyMatch(l -> l.startsWith("INFO") && l.contains("answers again after 3")),
          "recovery logged: " + log.lines);
      assertNoKey(log.lines);
      assertNoKey(texts(e));
    }
  }

  @Test
  void aParserMessageQuotingAnEchoedKeyIsReplacedByAScrubbedStandIn() throws Exception {
    // a body that is the key itself, unquoted: Jackson names the unrecognised token in its message
    try (FakeChatServer s = new FakeChatServer((n, b, ex) -> Reply.json(KEY))) {
      OpenAiChatModel m =
          OpenAiChatModel.builder()
              .baseUrl(s.baseUrl())
              .model("judge-1")
              .apiKey(() -> KEY)
              .retry(RetryPolicy.NONE)
              .logger(new CapturingLogger())
              .build();
      ChatModelException e = assertThrows(ChatModelException.class, () -> m.chat(HELLO));
      assertNoKey(texts(e));
      assertTrue(
          e.getCause() != null && e.getCause().getCause() != null,
          "a cause is still there: " + texts(e));
    }
  }
}
