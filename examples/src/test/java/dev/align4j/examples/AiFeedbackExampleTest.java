package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AiFeedbackExampleTest {

  @Test
  void labelsPairsWithAJudgeAndHumansAndGivesTheAiMoreWorkAsItProvesItself(@TempDir Path dir) throws Exception {
    AiFeedbackExample.Result r = AiFeedbackExample.run(dir);
    assertEquals(60, r.requests());
    assertEquals(60, r.stored(), "every pair ends with exactly one stored label");
    assertEquals(r.requests(), r.aiOnly() + r.human());
    assertEquals(0.0, r.aiShareFirstBatch(), "before agreement is measured, humans label everything");
    assertTrue(r.aiShareLastBatch() >= 0.5, "AI share after calibration: " + r.aiShareLastBatch());
    assertTrue(r.human() >= 20, "billing disputes (1 in 3) always go to humans: " + r.human());
    // The stand-in judge prefers the apology, the simulated reviewer the committed next step: they disagree on the
    // long-apology pairs, so the measured kappa is below 1 — and above the router's threshold, or the AI share
    // could not have grown.
    assertTrue(r.kappa() < 0.95, "judge and reviewer follow different rules; kappa " + r.kappa());
    assertTrue(r.kappa() >= AiFeedbackExample.MIN_KAPPA, "kappa " + r.kappa());
    assertEquals(0.5, r.judgeFirstPositionRate(), 1e-12, "an order-consistent judge shows no position bias");
    assertEquals(60, r.exported());
    List<String> rows = Files.readAllLines(r.exportFile());
    assertEquals(60, rows.size());
    JsonNode first = JsonMapper.builder().build().readTree(rows.get(0));
    assertTrue(first.get("chosen").asText().startsWith("Sorry"), first.toString());
    assertTrue(first.has("annotator_kind"), first.toString());

    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    AiFeedbackExample.print(r, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("pairs labelled: 60") && out.contains("kappa"), out);
    assertTrue(out.contains("stand-in judge") && out.contains("not an LLM") && out.contains("simulated reviewer"),
        "stand-ins are labelled as such: " + out);
  }
}
