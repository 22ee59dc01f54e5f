package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.GateDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpringBootExampleTest {
  @TempDir Path dir;

  @Test
  void theStarterJudgesRoutesStoresAndReportsThroughTheEndpoint() throws Exception {
    SpringBootExample.Report r = SpringBootExample.run(dir);
    // q1, q2: humans while agreement is measured; q3, q4: the judge alone; q5 (medical): always a
    // human
    assertEquals(
        Map.of("q1", "HUMAN", "q2", "HUMAN", "q3", "AI_ONLY", "q4", "AI_ONLY", "q5", "HUMAN"),
        r.routes());
    assertEquals(2.0 / 5, r.stats().aiShare(), 1e-12);
    assertEquals(5, r.stored());
    assertTrue(Files.size(dir.resolve("feedback.jsonl")) > 0);
    assertTrue(r.evaluation().isPass(), r.evaluation().getFeedback());
    assertEquals(
        1.0f, r.evaluation().getScore(), "hard label: the stand-in returns no log-probabilities");
    assertEquals(5, r.judgeCalls(), "q1-q4 and the evaluation; q5 skipped the judge");
    assertEquals("SHADOW", r.stageAfterPromotion());

    JsonNode json = new ObjectMapper().readTree(r.endpointJson());
    assertEquals("SHADOW", json.get("gate").get("stage").asText());
    assertEquals(2, json.get("gate").get("auditHead").get("records").asLong());
    List<String> audit = Files.readAllLines(dir.resolve("rollout-audit.jsonl"));
    assertEquals(
        new ObjectMapper().readTree(audit.get(1)).get("hash").asText(),
        json.get("gate").get("auditHead").get("hash").asText());
    assertEquals(
        r.automatic().kind().name(),
        json.get("gate").get("latestDecisions").get(1).get("decision").asText());
    assertEquals(
        GateDecision.Kind.EXTEND,
        r.automatic().kind(),
        "300 win-rate judgements do not reach the offline step's minimum sample of 500");
    assertEquals(0.4, json.get("router").get("aiShare").asDouble(), 1e-12);
    assertEquals(
        1.0, json.get("router").get("agreement").get("default").get("kappa").asDouble(), 0.0);
    assertEquals(5, json.get("feedbackStore").get("records").asInt());
    assertEquals("offline-stand-in", json.get("judge").get("model").asText());
  }
}
