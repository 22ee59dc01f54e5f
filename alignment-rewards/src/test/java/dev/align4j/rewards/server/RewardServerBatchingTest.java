package dev.align4j.rewards.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Micro-batching, back-pressure, model failures and graceful shutdown, with a model the test can hold. */
@Timeout(60)
class RewardServerBatchingTest {

  /** Scores = completion length; the first call blocks until released; records every call's size. */
  static final class HeldModel implements RewardModel {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean holding = new AtomicBoolean(true);

    @Override
    public double score(Prompt prompt, Completion completion) {
      if (completion.text().contains("BOOM")) {
        throw new IllegalStateException("cannot score BOOM");
      }
      return completion.text().length();
    }

    @Override
    public double[] scoreBatch(List<Prompt> prompts, List<Completion> completions) {
      hold(completions.size());
      return RewardModel.super.scoreBatch(prompts, completions);
    }

    @Override
    public double[] scoreAll(Prompt prompt, List<Completion> completions) {
      hold(completions.size());
      return RewardModel.super.scoreAll(prompt, completions);
    }

    private void hold(int n) {
      calls.add(n);
      if (holding.getAndSet(false)) {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  static String query(String... texts) {
    StringBuilder sb = new StringBuilder("{\"query\": [");
    for (int i = 0; i < texts.length; i++) {
      sb.append(i == 0 ? "" : ", ").append('"').append(texts[i]).append('"');
    }
    return sb.append("]}").toString();
  }

  static CompletableFuture<HttpResponse<String>> postAsync(
      ServerFixture fx, String path, String body) {
    return fx.client.sendAsync(
        fx.request(path).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void awaitQueued(ServerFixture fx, int requests) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fx.server.metrics().queuedRequests() < requests) {
      assertTrue(System.nanoTime() < deadline, "requests never queued: " + fx.server.metrics());
      Thread.sleep(2);
    }
  }

  @Test
  void requestsWaitingWhileTheModelIsBusyAreCoalescedIntoOneCall() throws Exception {
    HeldModel model = new HeldModel();
    try (ServerFixture fx =
        new ServerFixture(model, b -> b.maxWorkers(1).maxWait(Duration.ZERO).maxBatchItems(64))) {
      CompletableFuture<HttpResponse<String>> first = postAsync(fx, "/get_reward", query("a"));
      assertTrue(model.entered.await(20, TimeUnit.SECONDS));
      List<CompletableFuture<HttpResponse<String>>> rest = new ArrayList<>();
      for (int i = 1; i <= 7; i++) {
        rest.add(postAsync(fx, "/get_reward", query("x".repeat(i), "y".repeat(10 * i))));
      }
      awaitQueued(fx, 7);
      model.release.countDown();
      assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());
      for (int i = 1; i <= 7; i++) {
        HttpResponse<String> r = rest.get(i - 1).get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        JsonNode rewards = ServerFixture.JSON.readTree(r.body()).get("rewards");
        assertEquals(i, rewards.get(0).asDouble(), r.body());
        assertEquals(10 * i, rewards.get(1).asDouble(), r.body());
      }
      assertEquals(
          List.of(1, 14), model.calls, "the 7 waiting requests (14 items) are one model call");
      RewardServerMetrics m = fx.server.metrics();
      assertEquals(2, m.batches());
      assertEquals(14, m.maxBatchItems());
      assertEquals(7.5, m.meanBatchItems());
    }
  }

  @Test
  void aFullQueueRefusesWith429AndRetryAfterAndServesTheAcceptedOnes() throws Exception {
    HeldModel model = new HeldModel();
    try (ServerFixture fx =
        new ServerFixture(
            model,
            b ->
                b.maxWorkers(1)
                    .maxWait(Duration.ZERO)
                    .queueCapacityItems(4)
                    .maxItemsPerRequest(2))) {
      CompletableFuture<HttpResponse<String>> first = postAsync(fx, "/get_reward", query("a"));
      assertTrue(model.entered.await(20, TimeUnit.SECONDS));
      CompletableFuture<HttpResponse<String>> q1 = postAsync(fx, "/get_reward", query("bb", "cc"));
      awaitQueued(fx, 1);
      CompletableFuture<HttpResponse<String>> q2 =
          postAsync(fx, "/get_reward", query("ddd", "eee"));
      awaitQueued(fx, 2);
      ServerFixture.Reply refused = fx.post("/get_reward", query("f"));
      assertEquals(429, refused.status());
      long retryAfter = Long.parseLong(refused.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
      assertTrue(refused.json().get("error").asText().contains("queue is full"));
      model.release.countDown();
      assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());
      assertEquals("[2.0,2.0]", rewards(q1.get(20, TimeUnit.SECONDS)));
      assertEquals("[3.0,3.0]", rewards(q2.get(20, TimeUnit.SECONDS)));
      assertEquals(200, fx.post("/get_reward", query("f")).status(), "accepted again once drained");
      assertEquals(1, fx.server.metrics().responses(429));
    }
  }

  @Test
  void aModelExceptionIs500ForItsOwnRequestOnlyAndTheServerCarriesOn() throws Exception {
    HeldModel model = new HeldModel();
    try (ServerFixture fx = new ServerFixture(model, b -> b.maxWorkers(1).maxWait(Duration.ZERO))) {
      CompletableFuture<HttpResponse<String>> first = postAsync(fx, "/get_reward", query("a"));
      assertTrue(model.entered.await(20, TimeUnit.SECONDS));
      CompletableFuture<HttpResponse<String>> good1 = postAsync(fx, "/get_reward", query("ok"));
      CompletableFuture<HttpResponse<String>> bad =
          postAsync(fx, "/get_reward", query("fine", "BOOM"));
      CompletableFuture<HttpResponse<String>> good2 =
          postAsync(fx, "/v1/score", "{\"items\": [{\"prompt\": \"p\", \"response\": \"four\"}]}");
      awaitQueued(fx, 3);
      model.release.countDown();
      assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());
      assertEquals("[2.0]", rewards(good1.get(20, TimeUnit.SECONDS)));
      HttpResponse<String> failed = bad.get(20, TimeUnit.SECONDS);
      assertEquals(500, failed.statusCode());
      assertTrue(
          failed
              .body()
              .contains("the reward model failed: IllegalStateException: cannot score BOOM"),
          failed.body());
      HttpResponse<String> g2 = good2.get(20, TimeUnit.SECONDS);
      assertEquals(200, g2.statusCode());
      assertEquals("[4.0]", ServerFixture.JSON.readTree(g2.body()).get("scores").toString());
      assertEquals("[5.0]", rewards(fx.post("/get_reward", query("after")).raw()));
      assertTrue(fx.server.metrics().modelFailures() >= 2, "the batch and the lone retry");
    }
  }

  @Test
  void aModelReturningNaNIs500NotAnInvalidJsonNumber() throws Exception {
    try (ServerFixture fx = new ServerFixture((p, c) -> Double.NaN, b -> b)) {
      ServerFixture.Reply r = fx.post("/get_reward", query("a"));
      assertEquals(500, r.status());
      assertTrue(r.json().get("error").asText().contains("returned NaN"), r.raw().body());
    }
  }

  @Test
  void closeAnswersEveryRequestInFlightThenStops() throws Exception {
    HeldModel model = new HeldModel();
    ServerFixture fx =
        new ServerFixture(model, b -> b.maxWorkers(1).maxWait(Duration.ZERO).maxBatchItems(4));
    try {
      CompletableFuture<HttpResponse<String>> first = postAsync(fx, "/get_reward", query("a"));
      assertTrue(model.entered.await(20, TimeUnit.SECONDS));
      List<CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        queued.add(postAsync(fx, "/get_reward", query("z".repeat(i))));
      }
      awaitQueued(fx, 6);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(fx.server::close);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!fx.server.metrics().draining()) {
        assertTrue(System.nanoTime() < deadline);
        Thread.sleep(2);
      }
      ServerFixture.Reply late = fx.post("/get_reward", query("late"));
      assertEquals(503, late.status(), "new requests are refused while draining");
      assertEquals(503, fx.get("/health").status());
      assertTrue(!closing.isDone(), "close waits for the requests in flight");
      model.release.countDown();
      closing.get(20, TimeUnit.SECONDS);
      assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());
      for (int i = 1; i <= 6; i++) {
        assertEquals("[" + i + ".0]", rewards(queued.get(i - 1).get(20, TimeUnit.SECONDS)));
      }
      try {
        ServerFixture.Reply after = fx.get("/health");
        throw new AssertionError("the server still answers after close: " + after.status());
      } catch (ConnectException expected) {
        // the listener is closed
      } catch (java.io.IOException expected) {
        // a reused connection is reset instead
      }
    } finally {
      model.release.countDown();
      fx.close();
    }
  }

  @Test
  void closeAfterTheGracePeriodAnswersTheStillQueuedWith503() throws Exception {
    HeldModel model = new HeldModel();
    ServerFixture fx =
        new ServerFixture(
            model,
            b -> b.maxWorkers(1).maxWait(Duration.ZERO).shutdownGrace(Duration.ofMillis(200)));
    try {
      CompletableFuture<HttpResponse<String>> first = postAsync(fx, "/get_reward", query("a"));
      assertTrue(model.entered.await(20, TimeUnit.SECONDS));
      CompletableFuture<HttpResponse<String>> waiting = postAsync(fx, "/get_reward", query("bb"));
      awaitQueued(fx, 1);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(fx.server::close);
      HttpResponse<String> r = waiting.get(20, TimeUnit.SECONDS);
      assertEquals(503, r.statusCode());
      assertTrue(r.body().contains("stopped before scoring"), r.body());
      assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
      model.release.countDown();
      closing.get(20, TimeUnit.SECONDS);
      first.handle((x, e) -> null).get(20, TimeUnit.SECONDS);
    } finally {
      model.release.countDown();
      fx.close();
    }
  }

  static String rewards(HttpResponse<String> r) throws Exception {
    assertEquals(200, r.statusCode(), r.body());
    return ServerFixture.JSON.readTree(r.body()).get("rewards").toString();
  }
}
