package dev.align4j.feedback.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.feedback.http.CircuitBreaker;
import dev.align4j.feedback.http.CircuitOpenException;
import dev.align4j.feedback.http.OpenAiChatModel;
import dev.align4j.feedback.http.RetryPolicy;
import dev.align4j.feedback.judge.JudgeFixtures;
import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.testkit.CapturingLogger;
import dev.align4j.testkit.ManualClock;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The AI side is down: the router says so in its statistics and logs the first failure at WARN with its cause. */
class HybridRouterAiFailureTest {
  private static final String KEY = "sk-SECRET-0a1b2c3d4e";
  private static final long T0 = 1_700_000_000_000L;

  private static FeedbackRequest pair(int i) {
    return HybridRouterTest.pair(i, new SplittableRandom(i));
  }

  private static boolean chainHas(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aJudgeBehindARefusedPortShowsUpInTheStatsAndInOneWarnLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(T0));
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .baseUrl("http://127.0.0.1:" + port + "/v1")
            .model("judge-1")
            .apiKey(() -> KEY)
            .retry(RetryPolicy.NONE)
            .clock(clock)
            .logger(new CapturingLogger())
            .circuitBreaker(new CircuitBreaker(2, Duration.ofMinutes(1), clock))
            .build();
    CapturingLogger log = new CapturingLogger();
    InMemoryReviewQueue q = new InMemoryReviewQueue();
    HybridRouter router =
        HybridRouter.builder()
            .ai(LlmJudge.builder().model(model).build())
            .humans(q)
            .clock(clock)
            .logger(log)
            .build();
    assertFalse(router.stats().aiDown());
    for (int i = 0; i < 4; i++) {
      CompletableFuture<Feedback> f = router.request(pair(i)).toCompletableFuture();
      assertEquals(RoutingReason.AI_FAILED, q.pending().get(0).reason());
      HybridRouterTest.drain(q, t -> t.startsWith("good"));
      assertEquals(SourceKind.HUMAN, f.join().provenance().kind());
      clock.advance(Duration.ofMillis(1_500));
    }
    RouterStats s = router.stats();
    assertEquals(4, s.aiFailures());
    assertEquals(4, s.routedToHumansBecauseAiFailed());
    assertTrue(s.aiDown());
    assertEquals(Instant.ofEpochMilli(T0), s.aiFailingSince());
    assertEquals(Duration.ofMillis(6_000), s.aiDownTime());
    assertTrue(
        s.aiRejectedByOpenCircuit() >= 2,
        "after two refused connections the breaker rejects: " + s);
    assertTrue(
        chainHas(s.lastAiFailure(), CircuitOpenException.class), String.valueOf(s.lastAiFailure()));
    assertTrue(
        chainHas(s.lastAiFailure(), ConnectException.class),
        "the root cause survives the open breaker");

    List<String> warns = log.lines.stream().filter(l -> l.startsWith("WARN")).toList();
    assertEquals(1, warns.size(), "one WARN for the series: " + log.lines);
    assertTrue(
        warns.get(0).contains("java.net.ConnectException")
            && warns.get(0).contains("127.0.0.1:" + port),
        warns.get(0));
    for (String l : log.lines) {
      assertFalse(l.contains(KEY) || l.contains("SECRET"), "key leaked in: " + l);
    }
    assertFalse(s.toString().contains("SECRET"), s.toString());
  }

  @Test
  void downTimeAddsUpOverSeriesAndTheRecoveryIsLogged() {
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(T0));
    AtomicBoolean up = new AtomicBoolean(false);
    FeedbackSource flaky =
        r ->
            up.get()
                ? LlmJudge.builder()
                    .model(JudgeFixtures.preferring(t -> t.startsWith("good"), 0.9))
                    .build()
                    .request(r)
                : CompletableFuture.failedFuture(
                    new ChatModelException(
                        "I/O failure calling http://judge/v1",
                        true,
                        new ConnectException("Connection refused")));
    CapturingLogger log = new CapturingLogger();
    InMemoryReviewQueue q = new InMemoryReviewQueue();
    HybridRouter router =
        HybridRouter.builder().ai(flaky).humans(q).clock(clock).logger(log).build();
    router.request(pair(1));
    clock.advance(Duration.ofMillis(10_000));
    router.request(pair(2));
    clock.advance(Duration.ofMillis(5_000));
    up.set(true);
    router.request(pair(3)); // answered at T0 + 15 s: the first series lasted 15 s
    assertFalse(router.stats().aiDown());
    assertNull(router.stats().aiFailingSince());
    assertEquals(Duration.ofSeconds(15), router.stats().aiDownTime());
    clock.advance(Duration.ofMillis(60_000));
    up.set(false);
    router.request(pair(4));
    clock.advance(Duration.ofMillis(3_000));
    RouterStats s = router.stats();
    assertEquals(Duration.ofSeconds(18), s.aiDownTime(), "15 s, then 3 s of the current series");
    assertEquals(3, s.aiFailures());
    assertEquals(0, s.aiRejectedByOpenCircuit());
    assertNotNull(s.lastAiFailure());
    assertTrue(chainHas(s.lastAiFailure(), ConnectException.class));
    assertEquals(
        2,
        log.lines.stream().filter(l -> l.startsWith("WARN")).count(),
        "one WARN per series: " + log.lines);
    assertTrue(
        log.lines.stream()
            .anyMatch(
                l ->
                    l.startsWith("INFO")
                        && l.contains("answers again after failing " + "for PT15S")),
        log.lines.toString());
    assertEquals(
        1, log.lines.stream().filter(l -> l.startsWith("DEBUG")).count(), log.lines.toString());
    assertTrue(q.pendingCount() >= 3);
  }
}
