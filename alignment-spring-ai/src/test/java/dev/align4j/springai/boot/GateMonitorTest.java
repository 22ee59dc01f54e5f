package dev.align4j.springai.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutStage;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.audit.AuditLog;
import dev.align4j.rollout.audit.DecisionRecord;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateMonitorTest {
  @TempDir Path dir;

  private static GateConfig config() {
    return GateConfig.builder(
            StagePlan.builder()
                .offline(StageLimits.minSample(10))
                .canaryPercent(StageLimits.minSample(10), 5, 50)
                .build())
        .metric(Guardrails.unsafeRate("unsafe_rate", 0.02).build())
        .build();
  }

  private static StagedRolloutGate gate(Path log) {
    return StagedRolloutGate.builder(config())
        .clock(Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC))
        .auditLog(AuditLog.jsonl(log))
        .build();
  }

  private static final class Counting implements Align4jMetrics {
    final List<String> decisions = new ArrayList<>();

    @Override
    public synchronized void gateDecision(GateDecision.Kind decision, String actor) {
      decisions.add(decision + "/" + actor);
    }
  }

  @Test
  void keepsTheLatestRecordsExactlyAsTheAuditLogHasThemAcrossARestart() throws Exception {
    Path log = dir.resolve("audit.jsonl");
    Counting metrics = new Counting();
    GateMonitor monitor = new GateMonitor(gate(log), metrics, 3);
    monitor.evaluate();
    monitor.evaluate();
    monitor.override(new HumanOverride(HumanOverride.Action.PROMOTE, "alice", "ok"));
    monitor.evaluate();
    assertEquals(
        List.of("EXTEND/gate", "EXTEND/gate", "PROMOTE/human", "EXTEND/gate"), metrics.decisions);

    List<DecisionRecord> all = AuditLog.load(log);
    assertEquals(4, all.size());
    GateMonitor.State state = monitor.state();
    assertEquals(all.subList(1, 4), state.latest(), "the last three records, equal to the file's");
    assertEquals(RolloutStage.CANARY, state.stage());
    assertEquals(all.get(3).hash(), state.auditHead().hash());
    assertEquals(3, state.summaries().get(0).sequence(), "summaries newest first");

    // a restart: a new gate on the same log starts at the plan's first step, the monitor shows the
    // old decisions
    GateMonitor restarted = new GateMonitor(gate(log), Align4jMetrics.NONE, 2);
    assertEquals(all.subList(2, 4), restarted.state().latest());
    assertEquals(RolloutStage.OFFLINE_EVAL, restarted.stage());
    assertEquals(4, restarted.state().auditHead().records());
  }

  @Test
  void concurrentCallersAreSerialised() throws Exception {
    Path log = dir.resolve("audit.jsonl");
    Counting metrics = new Counting();
    GateMonitor monitor = new GateMonitor(gate(log), metrics, 1000);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < 8; t++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < 10; i++) {
                    monitor.recordRate("unsafe_rate", Arm.CANDIDATE, 0, 1);
                    monitor.evaluate();
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    // every decision is in the chain exactly once and the file verifies (a race would break the
    // chain)
    assertEquals(80, AuditLog.verify(log).records());
    assertEquals(80, metrics.decisions.size());
    List<DecisionRecord> latest = monitor.state().latest();
    assertEquals(80, latest.size());
    for (int i = 0; i < latest.size(); i++) {
      assertEquals(i, latest.get(i).sequence());
    }
  }
}
