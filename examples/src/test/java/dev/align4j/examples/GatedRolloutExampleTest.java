package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RolloutStage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatedRolloutExampleTest {
  @TempDir Path dir;

  @Test
  void healthyCandidateGoesAllTheWayToFullWithAVerifiedReplayableTrail() {
    GatedRolloutExample.Result r = GatedRolloutExample.run(false, dir.resolve("a.jsonl"));
    assertEquals(RolloutStage.FULL, r.finalStage(), r.decisions() + "\n" + r.lastReasons());
    assertEquals(100, r.finalWeight());
    long promotions = r.decisions().stream().filter(d -> d.startsWith("PROMOTE")).count();
    assertEquals(6, promotions, "offline -> shadow -> 1 -> 5 -> 20 -> 50 -> full");
    assertEquals(r.decisions().size(), r.auditRecords());
    assertTrue(r.chainVerified() && r.allReplayed());
    assertTrue(r.humanReviews() > 0, "tied shadow pairs went to the human queue");
  }

  @Test
  void slowCandidateIsRolledBackAtTheFirstCanaryStep() {
    GatedRolloutExample.Result r = GatedRolloutExample.run(true, dir.resolve("b.jsonl"));
    assertEquals(RolloutStage.ROLLED_BACK, r.finalStage(), r.decisions() + "\n" + r.lastReasons());
    assertEquals(0, r.finalWeight());
    assertTrue(r.lastReasons().stream().anyMatch(s -> s.startsWith("latency_ms BREACH")), r.lastReasons().toString());
    assertTrue(r.allReplayed());
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    GatedRolloutExample.print("slow", r, new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertTrue(buf.toString(StandardCharsets.UTF_8).contains("ended ROLLED_BACK at 0.0%"));
  }
}
