package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.route.ReviewTask;
import dev.align4j.feedback.route.RoutingReason;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.testkit.ManualClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A review server on loopback, port 0, over a store in a temporary folder, with a reviewer "ann", a reviewer "bob" and
 * a lead "lea"; the JDK {@link HttpClient} talks to it. Closing closes the server, the store and the executor.
 */
final class ReviewFixture implements AutoCloseable {
  static final String ANN_TOKEN = "ann-token-0123456789abcdef";
  static final String BOB_TOKEN = "bob-token-0123456789abcdef";
  static final String LEA_TOKEN = "lea-token-0123456789abcdef";
  static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
  final ExecutorService executor = Executors.newFixedThreadPool(4);
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final Consumer<ReviewServer.Builder> config;
  FeedbackStore store;
  ReviewServer server;
  URI base;

  /** Each opening draws other session ids, as a SecureRandom would. */
  private int opens;

  ReviewFixture(Path dir) {
    this(dir, b -> {});
  }

  ReviewFixture(Path dir, Consumer<ReviewServer.Builder> config) {
    this.dir = dir;
    this.config = config;
    open();
  }

  /** Opens the store and builds and starts the server (again, after {@link #closeServerAndStore()}). */
  void open() {
    store = FeedbackStore.open(dir.resolve("feedback.jsonl"));
    ReviewServer.Builder b =
        ReviewServer.builder()
            .store(store)
            .executor(executor)
            .clock(clock)
            .random(new SplittableRandom(7))
            .sessionRandom(new SplittableRandom(11 + opens++))
            .reviewer(Reviewer.of("ann", ReviewerRole.REVIEWER, ANN_TOKEN))
            .reviewer(Reviewer.of("bob", ReviewerRole.REVIEWER, BOB_TOKEN))
            .reviewer(Reviewer.of("lea", ReviewerRole.LEAD, LEA_TOKEN));
    config.accept(b);
    server = b.build();
    InetSocketAddress a = server.start();
    base = URI.create("http://" + a.getHostString() + ":" + a.getPort());
  }

  void closeServerAndStore() {
    server.close();
    store.close();
  }

  @Override
  public void close() {
    try {
      closeServerAndStore();
    } finally {
      executor.shutdownNow();
    }
  }

  static FeedbackRequest pair(String id, String prompt, String a, String b) {
    return FeedbackRequest.pairwise(id, Prompt.of(prompt), Completion.of(a), Completion.of(b));
  }

  ReviewTask task(FeedbackRequest r) {
    return new ReviewTask(r, RoutingReason.CATEGORY, null, clock.instant());
  }

  // ---- HTTP

  /** A logged-in client: its session cookie and CSRF token. */
  record Login(String cookie, String csrf, String setCookie) {}

  Login login(String token) {
    HttpResponse<String> r = post("/api/login", "{\"token\":\"" + token + "\"}", null);
    assertEquals(200, r.statusCode(), r.body());
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    return new Login(cookie, json(r).get("csrfToken").asText(), setCookie);
  }

  HttpResponse<String> get(String path, Login who) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (who != null) {
      b.header("Cookie", who.cookie());
    }
    return send(b.build());
  }

  HttpResponse<String> post(String path, String body, Login who) {
    return post(path, body, who, who == null ? null : who.csrf());
  }

  HttpResponse<String> post(String path, String body, Login who, String csrf) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("Content-Type", "application/json");
    if (who != null) {
      b.header("Cookie", who.cookie());
    }
    if (csrf != null) {
      b.header(ReviewApi.CSRF_HEADER, csrf);
    }
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest r) {
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + r.body(), e);
    }
  }

  /** The next task of {@code who} (200 expected). */
  JsonNode next(Login who) {
    HttpResponse<String> r = get("/api/tasks/next", who);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode t = json(r);
    assertNotNull(t.get("taskId"));
    return t;
  }

  /** A pairwise answer to {@code task} (as {@link #next} returned it), in the order it was shown. */
  static String pairwiseAnswer(JsonNode task, String outcome) {
    return "{\"taskId\":"
        + task.get("taskId")
        + ",\"order\":"
        + task.get("order")
        + ",\"answer\":{\"outcome\":\""
        + outcome
        + "\"}}";
  }

  static List<String> lines(String s) {
    List<String> out = new ArrayList<>();
    for (String l : s.split("\n")) {
      if (!l.isBlank()) {
        out.add(l);
      }
    }
    return out;
  }

  static Map<String, String> noQuery() {
    return Map.of();
  }
}
