package dev.align4j.rollout.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutStage;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import dev.align4j.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path dir;

  private static GateConfig config() {
    StageLimits limits = StageLimits.minSample(100);
    return GateConfig.builder(StagePlan.builder().offline(limits).canaryPercent(limits, 5, 50).build())
        .metric(Guardrails.unsafeRate("unsafe_rate", 0.05).build())
        .metric(Guardrails.latency("latency_ms", 0.1, 5).build())
        .build();
  }

  /** Runs a short rollout with extend, promote, an inconclusive hold and a human override into {@code log}. */
  private static StagedRolloutGate run(GateConfig cfg, AuditLog log) {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
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
    GateConfig other = GateConfig.builder(StagePlan.builder().canaryPercent(StageLimits.minSample(10), 5).build())
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

  @Test
  void aFlippedHighBitIsTamperingAtItsLineNotAnIoError() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    run(config(), AuditLog.jsonl(file));
    byte[] bytes = Files.readAllBytes(file);
    int start = lineStart(bytes, 3);
    int at = indexOf(bytes, "\"actor\":\"gate\"".getBytes(StandardCharsets.UTF_8), start) + 10;
    bytes[at] ^= (byte) 0x80; // 'g' (0x67) becomes 0xE7: a UTF-8 lead byte without continuation bytes
    Path f = dir.resolve("flipped.jsonl");
    Files.write(f, bytes);
    TamperedAuditLogException e = assertThrows(TamperedAuditLogException.class, () -> AuditLog.verify(f));
    assertEquals(3, e.line(), e.getMessage());
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    assertThrows(TamperedAuditLogException.class, () -> AuditLog.load(f));
    assertThrows(TamperedAuditLogException.class, () -> AuditLog.jsonl(f));
  }

  @Test
  void changesThatParseToTheSameRecordAreStillTampering() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    run(config(), AuditLog.jsonl(file));
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    // 1. 'T' -> 't' in a timestamp (Instant.parse accepts both)
    List<String> lower = new ArrayList<>(lines);
    assertTrue(lower.get(1).contains("\"time\":\"2026-11-01T"));
    lower.set(1, lower.get(1).replaceFirst("\"time\":\"2026-11-01T", "\"time\":\"2026-11-01t"));
    assertTampered(lower, 2);
    // 2. the last digit of a double changed to one that parses to the same value
    int lineNo = -1;
    String changed = null;
    Pattern number = Pattern.compile("(?<=:)-?\\d+\\.\\d{12,}(?=[,}])");
    for (int i = 0; i < lines.size() && changed == null; i++) {
      Matcher m = number.matcher(lines.get(i));
      while (m.find() && changed == null) {
        String digits = m.group();
        double v = Double.parseDouble(digits);
        for (char d = '0'; d <= '9' && changed == null; d++) {
          String other = digits.substring(0, digits.length() - 1) + d;
          if (!other.equals(digits) && Double.parseDouble(other) == v) {
            changed = lines.get(i).substring(0, m.start()) + other + lines.get(i).substring(m.end());
            lineNo = i;
          }
        }
      }
    }
    assertTrue(changed != null, "the run stores a double whose last digit can change without changing its value");
    assertEquals(AuditJson.fromJson(lines.get(lineNo)), AuditJson.fromJson(changed), "same record after parsing");
    List<String> digit = new ArrayList<>(lines);
    digit.set(lineNo, changed);
    assertTampered(digit, lineNo + 1);
    // 3. a trailing zero, a space and a reordered pair of fields: same record, other bytes
    List<String> zero = new ArrayList<>(lines);
    zero.set(0, zero.get(0).replaceFirst("\"stepIndex\":0", "\"stepIndex\":0.0"));
    assertNotEquals(lines.get(0), zero.get(0));
    assertTampered(zero, 1);
    List<String> space = new ArrayList<>(lines);
    space.set(2, space.get(2).replaceFirst(",", ", "));
    assertTampered(space, 3);
    // 4. CRLF instead of LF on one line
    Path crlf = Files.createTempFile(dir, "crlf", ".jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      sb.append(lines.get(i)).append(i == 1 ? "\r\n" : "\n");
    }
    Files.writeString(crlf, sb, StandardCharsets.UTF_8);
    assertEquals(2, assertThrows(TamperedAuditLogException.class, () -> AuditLog.verify(crlf)).line());
  }

  @Test
  void deletingTheLastRecordIsDetectedWithAStoredHead() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    AuditLog log = AuditLog.jsonl(file);
    run(config(), log);
    ChainHead stored = log.head();
    assertEquals(Files.readAllLines(file).size(), stored.records());
    assertEquals(stored, AuditLog.verify(file));
    assertEquals(stored, AuditLog.verify(file, stored));
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.remove(lines.size() - 1);
    Files.write(file, lines, StandardCharsets.UTF_8);
    // the chain alone cannot see it ...
    assertEquals(stored.records() - 1, AuditLog.verify(file).records());
    // ... the stored head does
    TamperedAuditLogException e = assertThrows(TamperedAuditLogException.class, () -> AuditLog.verify(file, stored));
    assertEquals(stored.records(), e.line(), e.getMessage());
    assertTrue(e.getMessage().contains("removed"), e.getMessage());
    assertThrows(TamperedAuditLogException.class, () -> AuditLog.jsonl(file, stored));
  }

  @Test
  void anEarlierStoredHeadStillVerifiesAfterLaterAppendsButNotAfterARewrite() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    AuditLog log = AuditLog.jsonl(file);
    run(config(), log);
    ChainHead earlier = log.head();
    AuditLog reopened = AuditLog.jsonl(file, earlier);
    assertEquals(earlier, reopened.head());
    run(config(), reopened);
    assertTrue(reopened.head().records() > earlier.records());
    assertEquals(reopened.head(), AuditLog.verify(file, earlier));
    // a log rebuilt from scratch has as many records but another head
    Path other = dir.resolve("other.jsonl");
    AuditLog rebuilt = AuditLog.jsonl(other);
    run(config(), rebuilt);
    rebuilt.append(AuditLog.load(file).get(0));
    ChainHead wrong = new ChainHead(earlier.records(), rebuilt.head().hash());
    assertThrows(TamperedAuditLogException.class, () -> AuditLog.verify(file, wrong));
  }

  @Test
  void streamingReadsVerifyLineByLineAndStopAtTheFirstBadLine() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    StagedRolloutGate g = run(config(), AuditLog.jsonl(file));
    try (Stream<DecisionRecord> s = AuditLog.stream(file)) {
      assertEquals(g.history(), s.toList());
    }
    List<DecisionRecord> seen = new ArrayList<>();
    assertEquals(g.auditLog().head(), AuditLog.replay(file, seen::add));
    assertEquals(g.history(), seen);
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.set(3, lines.get(3).replace("\"actor\":\"gate\"", "\"actor\":\"mallory\""));
    Files.write(file, lines, StandardCharsets.UTF_8);
    List<DecisionRecord> before = new ArrayList<>();
    TamperedAuditLogException e = assertThrows(TamperedAuditLogException.class,
        () -> AuditLog.replay(file, before::add));
    assertEquals(4, e.line());
    assertEquals(3, before.size(), "records before the bad line were delivered");
  }

  @Test
  void aFileBackedLogRetainsNoRecords() {
    List<DecisionRecord> drafts = run(config(), AuditLog.inMemory()).history();
    AuditLog file = AuditLog.jsonl(dir.resolve("audit.jsonl"));
    AuditLog memory = AuditLog.inMemory();
    List<WeakReference<DecisionRecord>> fileRefs = new ArrayList<>();
    List<WeakReference<DecisionRecord>> memoryRefs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      DecisionRecord d = drafts.get(i % drafts.size());
      fileRefs.add(new WeakReference<>(file.append(d)));
      memoryRefs.add(new WeakReference<>(memory.append(d)));
    }
    drafts = null;
    for (int i = 0; i < 20 && fileRefs.stream().anyMatch(r -> r.get() != null); i++) {
      System.gc();
      Thread.onSpinWait();
    }
    assertEquals(0, fileRefs.stream().filter(r -> r.get() != null).count(), "records still reachable");
    assertEquals(500, memoryRefs.stream().filter(r -> r.get() != null).count(), "in-memory log keeps them");
    assertEquals(500, file.head().records());
    assertEquals(file.head(), AuditLog.verify(dir.resolve("audit.jsonl")));
    assertEquals(memory.head(), file.head(), "same records, same chain");
  }

  @Test
  void anAppendThatCannotBeWrittenChangesNothing() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    AuditLog log = AuditLog.jsonl(file);
    StagedRolloutGate g = run(config(), log);
    ChainHead before = log.head();
    byte[] bytes = Files.readAllBytes(file);
    DecisionRecord draft = g.history().get(0);
    Path moved = dir.resolve("moved.jsonl");
    Files.move(file, moved);
    Files.createDirectory(file); // the log's path is now a directory: the write fails
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> log.append(draft));
    assertTrue(e.getCause() instanceof IOException, "cause kept: " + e.getCause());
    assertEquals(before, log.head(), "head unchanged");
    Files.delete(file);
    Files.move(moved, file);
    assertEquals(before, AuditLog.verify(file));
    assertTrue(Arrays.equals(bytes, Files.readAllBytes(file)));
    log.append(draft);
    assertEquals(before.records() + 1, AuditLog.verify(file).records(), "the chain continues after the failure");
  }

  @Test
  void aDecisionThatCannotBeRecordedLeavesTheGateWhereItWas() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
    StagedRolloutGate g = StagedRolloutGate.builder(config()).clock(clock).auditLog(AuditLog.jsonl(file)).build();
    g.evaluate();
    RolloutStage stage = g.stage();
    ChainHead head = g.auditLog().head();
    Path moved = dir.resolve("moved.jsonl");
    Files.move(file, moved);
    Files.createDirectory(file);
    clock.advance(Duration.ofMinutes(1));
    assertThrows(UncheckedIOException.class, () -> g.kill("ops", "incident"));
    assertEquals(stage, g.stage(), "not aborted without a record");
    assertEquals(head, g.auditLog().head());
    Files.delete(file);
    Files.move(moved, file);
    assertEquals(GateDecision.Kind.ABORT, g.evaluate().kind(), "the engaged kill switch aborts at the next look");
    assertEquals(RolloutStage.ABORTED, g.stage());
    assertEquals(head.records() + 1, AuditLog.verify(file).records());
  }

  private static int lineStart(byte[] bytes, int line) {
    int at = 0;
    for (int l = 1; l < line; l++) {
      while (bytes[at] != '\n') {
        at++;
      }
      at++;
    }
    return at;
  }

  private static int indexOf(byte[] bytes, byte[] what, int from) {
    outer:
    for (int i = from; i <= bytes.length - what.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (bytes[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  private void assertTampered(List<String> lines, long expectedLine) throws IOException {
    Path f = Files.createTempFile(dir, "t", ".jsonl");
    Files.write(f, lines, StandardCharsets.UTF_8);
    TamperedAuditLogException e = assertThrows(TamperedAuditLogException.class, () -> AuditLog.load(f));
    assertEquals(expectedLine, e.line(), e.getMessage());
  }
}
