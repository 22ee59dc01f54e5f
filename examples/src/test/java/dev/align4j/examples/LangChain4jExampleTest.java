package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LangChain4jExampleTest {

  @Test
  void theOfflineStandInRunsEveryStepAndSaysItIsAStandIn() {
    LangChain4jExample.Result r = LangChain4jExample.run(Map.of());
    assertTrue(r.standIn());
    // the stand-in judge prefers the apologising answer in both orders: hard verdicts, p = 1
    assertEquals(List.of(1.0, 1.0), r.judgeProbabilityA());
    assertEquals(List.of("verdict", "verdict"), r.softLabelSource());
    assertEquals(
        4, r.logProbFallbacks(), "2 pairs x 2 orders, no log-probabilities from the stand-in");
    // best-of-4 over the four canned answers returns a helpful one, the highest reward
    assertEquals(4, r.bestOfNScores().size());
    double max = r.bestOfNScores().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    assertEquals(max, r.bestOfNScores().get(r.bestOfNChosen()));
    assertTrue(r.bestOfNAnswer().contains("refunded"), r.bestOfNAnswer());
    assertTrue(r.guardedAnswer().contains("refunded"), r.guardedAnswer());
    assertTrue(
        r.guardrailFailure().contains("support-reward scored")
            && r.guardrailFailure().contains("1000.0000"),
        r.guardrailFailure());
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    LangChain4jExample.print(r, new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertTrue(buf.toString(StandardCharsets.UTF_8).contains("OFFLINE STAND-IN"));
  }
}
