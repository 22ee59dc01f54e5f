package dev.align4j.feedback.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.SourceKind;
import dev.align4j.feedback.FakeChatServer;
import dev.align4j.feedback.FakeChatServer.Reply;
import dev.align4j.feedback.http.OpenAiChatModel;
import dev.align4j.feedback.http.RetryPolicy;
import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.feedback.store.StoredFeedback;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline against a misbehaving endpoint: every request ends labelled (by the AI or a human), none is lost
 * and none is stored twice.
 */
class ChaosEndToEndTest {

  static Reply chaos(int n, com.fasterxml.jackson.databind.JsonNode body) {
    String user = FakeChatServer.lastUser(body);
    String first = FakeChatServer.block(user, "RESPONSE 1");
    String second = FakeChatServer.block(user, "RESPONSE 2");
    String v = first.startsWith("good") == second.startsWith("good") ? "tie" : first.startsWith("good") ? "1" : "2";
    String loser = v.equals("1") ? "2" : "1";
    Reply ok = Reply.json(FakeChatServer.answer("Verdict: " + v, v.equals("tie") ? null : List.of(
        Map.entry("Verdict", Map.of("Verdict", -0.01)), Map.entry(":", Map.of(":", -0.01)),
        Map.entry(" " + v, Map.of(" " + v, Math.log(0.9), " " + loser, Math.log(0.08))))));
    switch (n % 11) {
      case 0:
        return Reply.status(500, "{\"error\":\"internal\"}");
      case 1:
        return Reply.status(429, "{\"error\":\"rate\"}", Map.of("Retry-After", "0.02"));
      case 2:
        return Reply.drop();
      case 3:
        return Reply.json("{\"choices\":[{\"message\":{\"content\":\"Verd");
      case 4:
        return n % 3 == 0 ? Reply.json(FakeChatServer.refusal("no")) : ok;
      case 5:
        return n % 2 == 0 ? Reply.json(FakeChatServer.answer("Both look fine to me.")) : ok;
      case 6:
        return ok.after(30);
      default:
        return ok;
    }
  }

  @Test
  void everyRequestEndsLabelledOrWithAHumanNoneLostNoneDuplicated(@TempDir Path dir) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (FakeChatServer server = new FakeChatServer((n, body, ex) -> chaos(n, body), 16);
        FeedbackStore store = FeedbackStore.open(dir.resolve("labels.jsonl"))) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).model("chaos-judge").noApiKey()
          .retry(new RetryPolicy(3, Duration.ofMillis(2), Duration.ofMillis(10), 2, Duration.ofSeconds(1)))
          .requestTimeout(Duration.ofSeconds(5)).maxConcurrency(8).build();
      LlmJudge judge = LlmJudge.builder().model(model).executor(pool).build();
      InMemoryReviewQueue humans = new InMemoryReviewQueue();
      HybridRouter router = HybridRouter.builder().ai(judge).humans(humans).store(store).agreement(40, 10)
          .auditFraction(0.1).random(new SplittableRandom(5)).build();
      SplittableRandom r = new SplittableRandom(77);
      List<FeedbackRequest> requests = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        requests.add(HybridRouterTest.pair(i, r));
      }
      List<CompletableFuture<Feedback>> futures = new ArrayList<>();
      for (FeedbackRequest q : requests) {
        futures.add(router.request(q).toCompletableFuture());
      }
      // a duplicate submission of the first ten ids while they are in flight
      for (int i = 0; i < 10; i++) {
        router.request(requests.get(i));
      }
      int humanAnswers = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!futures.stream().allMatch(CompletableFuture::isDone) && System.nanoTime() < deadline) {
        humanAnswers += HybridRouterTest.drain(humans, t -> t.startsWith("good"));
        Thread.sleep(5);
      }
      humanAnswers += HybridRouterTest.drain(humans, t -> t.startsWith("good"));
      for (CompletableFuture<Feedback> f : futures) {
        assertTrue(f.isDone() && !f.isCompletedExceptionally(), "every request ends with a label");
      }
      List<StoredFeedback> stored = store.readAll();
      assertEquals(120, stored.size(), "one stored label per request");
      Set<String> ids = new HashSet<>();
      for (StoredFeedback s : stored) {
        assertTrue(ids.add(s.requestId()), "duplicate " + s.requestId());
      }
      long humanLabels = stored.stream().filter(s -> s.feedback().provenance().kind() == SourceKind.HUMAN).count();
      assertEquals(humanAnswers, humanLabels, "every human answer became the stored label of its item");
      RouterStats st = router.stats();
      assertEquals(120, st.byRoute().values().stream().mapToLong(Long::longValue).sum());
      assertTrue(st.byReason().getOrDefault(RoutingReason.AI_FAILED, 0L) > 0, "chaos must have beaten the retries");
      assertEquals(0, humans.pendingCount());
      assertTrue(server.calls() > 240, "retries happened: " + server.calls());
    } finally {
      pool.shutdownNow();
    }
  }
}
