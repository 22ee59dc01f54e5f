package dev.align4j.rollout.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.GateDecision;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.HumanOverride;
import dev.align4j.rollout.MutableClock;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path dir;

  private static GateConfig config() {
    StageLimits limits = StageLimits.minSample(100);
    return GateConfig.builder(StagePlan.builder().offline(limits).canary(limits, 5, 50).build())
        .metric(Guardrails.unsafeRate("unsafe_rate", 0.05).build())
        .metric(Guardrails.latency("latency_ms", 0.1, 5).build())
        .build();
  }

  /** Runs a short rollout with extend, promote, an inconclusive hold and a human override into {@code log}. */
  private static StagedRolloutGate run(GateConfig cfg, AuditLog log) {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));
    StagedRolloutGate g = StagedRolloutGate.builder(cfg).clock(clock).auditLog(log).model("candidate", "v7")
        .model("judge", "judge@2026-05").build();
    g.evaluate();
    for (int round = 0; round < 3; round++) {
      clock.advance(Duration.ofMinutes(30));
      g.recordRate("unsafe_rate", Arm.CANDIDATE, 0, 1500);
      for (int i = 0; i < 600; i++) {
        g.record("latency_ms", Arm.CANDIDATE, 100 + (i % 7) - 3 + 0.1 * round);
        g.record("latency_ms", Arm.INCUMBENT, 100 + (i % 5) - 2);
      }
      g.evaluate();
    }
    clock.advance(Duration.ofMinutes(5));
    g.override(new HumanOverride(HumanOverride.Action.ROLLBACK, "alice", "manual test"));
    return g;
  }

  @Test
  void jsonlRoundTripsAndEveryRecordReplaysToTheSameDecision() {
    GateConfig cfg = config();
    Path file = dir.resolve("audit.jsonl");
    StagedRolloutGate g = run(cfg, AuditLog.jsonl(file));
    List<DecisionRecord> loaded = AuditLog.load(file);
    assertEquals(g.history(), loaded, "exact round trip");
    assertTrue(loaded.size() >= 5);
    assertTrue(loaded.stream().anyMatch(r -> r.decision() == GateDecision.Kind.PROMOTE));
    for (DecisionRecord r : loaded) {
      assertTrue(StagedRolloutGate.replays(cfg, r), "record " + r.sequence() + " replays");
      assertEquals(cfg.hash(), r.configHash());
    }
    DecisionRecord last = loaded.get(loaded.size() - 1);
    assertEquals("alice", last.actor());
    assertEquals("judge@2026-05", last.models().get("judge"));
  }

  @Test
  void identicalRunsGiveIdenticalChains() {
    List<DecisionRecord> a = run(config(), AuditLog.inMemory()).history();
    List<DecisionRecord> b = run(config(), AuditLog.inMemory()).history();
    assertEquals(a.get(a.size() - 1).hash(), b.get(b.size() - 1).hash());
  }

  @Test
  void replayUnderAnotherConfigurationIsRefused() {
    List<DecisionRecord> h = run(config(), AuditLog.inMemory()).history();
    GateConfig other = GateConfig.builder(StagePlan.builder().canary(StageLimits.minSample(10), 5).build())
        .metric(Guardrails.unsafeRate("unsafe_rate", 0.01).build()).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StagedRolloutGate.reEvaluate(other, h.get(0)));
    assertTrue(e.getMessage().contains("config hash"), e.getMessage());
  }

  @Test
  void tamperingIsDetectedOnLoad() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    run(config(), AuditLog.jsonl(file));
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);

    // 1. a changed decision
    int promote = -1;
    for (int i = 0; i < lines.size() && promote < 0; i++) {
      if (lines.get(i).contains("\"decision\":\"PROMOTE\"")) {
        promote = i;
      }
    }
    assertTrue(promote > 0, "the run has a promotion");
    List<String> changed = new ArrayList<>(lines);
    changed.set(promote, changed.get(promote).replace("\"decision\":\"PROMOTE\"", "\"decision\":\"HOLD\""));
    assertFalse(changed.equals(lines));
    assertTampered(changed, promote + 1);
    // 2. a changed number in the stored inputs
    List<String> number = new ArrayList<>(lines);
    number.set(1, number.get(1).replaceFirst("\"n\":(\\d+)", "\"n\":7"));
    assertTampered(number, 2);
    // 3. a removed record
    List<String> removed = new ArrayList<>(lines);
    removed.remove(1);
    assertTampered(removed, 2);
    // 4. swapped records
    List<String> swapped = new ArrayList<>(lines);
    swapped.set(1, lines.get(2));
    swapped.set(2, lines.get(1));
    assertTampered(swapped, 2);
    // 5. a garbled line
    List<String> garbled = new ArrayList<>(lines);
    garbled.set(0, "{not json");
    assertTampered(garbled, 1);
  }

  @Test
  void reopeningContinuesTheChainAndRefusesATamperedFile() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    run(config(), AuditLog.jsonl(file));
    int before = Files.readAllLines(file).size();
    AuditLog reopened = AuditLog.jsonl(file);
    assertEquals(before, reopened.records().size());
    run(config(), reopened);
    List<DecisionRecord> all = AuditLog.load(file);
    assertTrue(all.size() > before);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(0, lines.get(0).replace("\"actor\":\"gate\"", "\"actor\":\"mallory\""));
    Files.write(file, lines);
    assertThrows(TamperedAuditLogException.class, () -> AuditLog.jsonl(file));
  }

  private void assertTampered(List<String> lines, long expectedLine) throws IOException {
    Path f = Files.createTempFile(dir, "t", ".jsonl");
    Files.write(f, lines, StandardCharsets.UTF_8);
    TamperedAuditLogException e = assertThrows(TamperedAuditLogException.class, () -> AuditLog.load(f));
    assertEquals(expectedLine, e.line(), e.getMessage());
  }
}
