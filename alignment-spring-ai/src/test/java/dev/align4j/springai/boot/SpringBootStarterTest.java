package dev.align4j.springai.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutStage;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.route.FileReviewQueue;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.springai.OpenAiShapedLogProbs;
import dev.align4j.springai.StubSpringAiModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a real Spring Boot web application on a random loopback port, with a stub Spring AI chat model: items
 * judged and routed end to end into the feedback store on a temporary directory, the gate decided on, and the
 * {@code align4j} Actuator endpoint read over HTTP.
 */
@SpringBootTest(
    classes = SpringBootStarterTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      "management.endpoints.web.exposure.include=align4j",
      "align4j.router.audit-fraction=0",
      "align4j.router.min-agreement-samples=2",
      "align4j.router.human-categories=medical",
      "align4j.rollout.candidate-model=policy-v7",
      "align4j.rollout.incumbent-model=policy-v6"
    })
class SpringBootStarterTest {
  private static final String A = "Paris is the capital of France.";
  private static final String B = "Lyon is the capital of France.";

  @TempDir static Path dir;

  @DynamicPropertySource
  static void directory(DynamicPropertyRegistry registry) {
    registry.add("align4j.feedback.directory", () -> dir.toString());
  }

  @LocalServerPort int port;
  @Autowired HybridRouter router;
  @Autowired FileReviewQueue queue;
  @Autowired FeedbackStore store;
  @Autowired GateMonitor gate;
  @Autowired MeterRegistry registry;
  @Autowired ChatModel springAiModel;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    /** The application's Spring AI model: a stub judge that prefers A in both orders, with log-probabilities. */
    @Bean
    ChatModel chatModel() {
      return StubSpringAiModel.openAiLike(
          p -> {
            String text =
                p.getInstructions().stream()
                    .map(m -> m.getText())
                    .collect(Collectors.joining("\n"));
            boolean aFirst = text.indexOf(A) < text.indexOf(B);
            String verdict = aFirst ? "1" : "2";
            double p1 = aFirst ? 0.8 : 0.3;
            return StubSpringAiModel.answer(
                "Verdict: " + verdict,
                Map.of(
                    "logprobs",
                    OpenAiShapedLogProbs.oneToken(
                        verdict, List.of("1", "2"), List.of(p1, 1 - p1))));
          });
    }
  }

  private static FeedbackRequest item(String id, String category) {
    FeedbackRequest r =
        FeedbackRequest.pairwise(
            id,
            Prompt.of("What is the capital of France? (" + id + ")"),
            Completion.of(A),
            Completion.of(B));
    return category == null ? r : r.withMetadata("category", category);
  }

  /** Requests {@code r}; a human (who prefers A) answers it if the router sent it to the queue. */
  private Feedback label(FeedbackRequest r) throws Exception {
    CompletableFuture<Feedback> f = router.request(r).toCompletableFuture();
    if (!f.isDone()) {
      assertEquals(1, queue.pendingCount());
      assertTrue(
          queue.submit(
              r.id(),
              PairwiseComparison.preferring(
                  r.prompt(),
                  Completion.of(A),
                  Completion.of(B),
                  Provenance.human("alice", Instant.now()))));
    }
    return f.get(10, TimeUnit.SECONDS);
  }

  private double count(String name, String... tags) {
    var c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void judgesRoutesStoresDecidesAndReportsOverHttp() throws Exception {
    // 1-2: not yet calibrated, so humans label them and the pairs measure agreement (kappa 1 over 2
    // pairs);
    // 3: the judge is now trusted on the default slice and labels alone; 4: a medical item always
    // goes to a human
    label(item("q1", null));
    label(item("q2", null));
    Feedback trusted = label(item("q3", null));
    assertEquals(
        0.75,
        ((PairwiseComparison) trusted).effectiveProbabilityA(),
        1e-6,
        "the soft label of the Spring AI model's log-probabilities: ((0.8) + (1 - 0.3)) / 2");
    label(item("q4", "medical"));
    assertEquals(4, store.size());
    assertTrue(store.find("q3").isPresent());
    assertEquals(
        6,
        ((StubSpringAiModel) springAiModel).prompts.size(),
        "two orders for each of q1-q3, none for q4");

    GateDecision automatic = gate.evaluate();
    GateDecision human =
        gate.override(new HumanOverride(HumanOverride.Action.PROMOTE, "alice", "offline eval ok"));
    assertEquals(GateDecision.Kind.PROMOTE, human.kind());
    assertEquals(RolloutStage.SHADOW, gate.stage());

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/align4j"))
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    JsonNode json = new ObjectMapper().readTree(response.body());

    JsonNode g = json.get("gate");
    assertEquals("SHADOW", g.get("stage").asText());
    assertEquals(1, g.get("step").asInt());
    assertEquals(10.0, g.get("mirrorPercent").asDouble());
    assertEquals(2, g.get("auditHead").get("records").asLong());
    // the head's hash, checked against the audit file itself: the last line's "hash"
    List<String> lines =
        Files.readAllLines(dir.resolve("rollout-audit.jsonl"), StandardCharsets.UTF_8);
    assertEquals(2, lines.size());
    String lastHash = new ObjectMapper().readTree(lines.get(1)).get("hash").asText();
    assertEquals(lastHash, g.get("auditHead").get("hash").asText());
    JsonNode decisions = g.get("latestDecisions");
    assertEquals(2, decisions.size());
    assertEquals("PROMOTE", decisions.get(0).get("decision").asText(), "newest first");
    assertEquals("alice", decisions.get(0).get("actor").asText());
    assertEquals("SHADOW", decisions.get(0).get("target").asText());
    assertEquals(lastHash, decisions.get(0).get("hash").asText());
    assertEquals(automatic.kind().name(), decisions.get(1).get("decision").asText());
    assertEquals("gate", decisions.get(1).get("actor").asText());
    assertEquals(automatic.reasons().size(), decisions.get(1).get("reasons").size());

    JsonNode r = json.get("router");
    assertEquals(0.25, r.get("aiShare").asDouble(), 1e-12);
    assertEquals(1, r.get("byRoute").get("AI_ONLY").asLong());
    assertEquals(3, r.get("byRoute").get("HUMAN").asLong());
    assertEquals(2, r.get("byReason").get("UNCALIBRATED").asLong());
    assertEquals(1, r.get("byReason").get("CATEGORY").asLong());
    assertEquals(1, r.get("byReason").get("TRUSTED").asLong());
    assertEquals(0, r.get("aiFailures").asLong());
    assertFalse(r.get("aiDown").asBoolean());
    assertTrue(r.get("lastAiFailure").isNull());
    assertEquals(1.0, r.get("agreement").get("default").get("kappa").asDouble(), 0.0);
    assertEquals(2, r.get("agreement").get("default").get("pairs").asInt());
    assertTrue(r.get("agreement").get("medical").get("kappa").isNull());
    assertEquals("stub-openai", json.get("judge").get("model").asText());
    assertEquals(4, json.get("feedbackStore").get("records").asInt());
    assertFalse(response.body().contains("Paris"), "no prompts or answers in the endpoint");

    // metrics: judge requests (three; the medical item skipped the judge), router decisions by
    // route, gate decisions
    var judgeTimer =
        registry
            .find(MicrometerMetrics.JUDGE_CALLS)
            .tags("kind", "pairwise", "outcome", "success")
            .timer();
    assertEquals(3, judgeTimer.count());
    assertTrue(judgeTimer.totalTime(TimeUnit.NANOSECONDS) > 0);
    assertNull(registry.find(MicrometerMetrics.JUDGE_FAILURES).counter());
    assertEquals(3, count(MicrometerMetrics.ROUTER_DECISIONS, "route", "HUMAN"));
    assertEquals(1, count(MicrometerMetrics.ROUTER_DECISIONS, "route", "AI_ONLY"));
    assertEquals(2, count(MicrometerMetrics.ROUTER_TO_HUMAN, "reason", "UNCALIBRATED"));
    assertEquals(1, count(MicrometerMetrics.ROUTER_TO_HUMAN, "reason", "CATEGORY"));
    assertEquals(
        1,
        count(
            MicrometerMetrics.GATE_DECISIONS, "outcome", automatic.kind().name(), "actor", "gate"));
    assertEquals(
        1, count(MicrometerMetrics.GATE_DECISIONS, "outcome", "PROMOTE", "actor", "human"));
  }
}
