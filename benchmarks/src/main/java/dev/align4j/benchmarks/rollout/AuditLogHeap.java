package dev.align4j.benchmarks.rollout;

import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.audit.AuditLog;
import dev.align4j.rollout.audit.ChainHead;
import dev.align4j.rollout.input.MetricData;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.stage.StageLimits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Heap retained by a gate and its audit log over many evaluations (the figure of {@code benchmarks/results/rollout.md}
 * and the rollout README): 20 guardrails (the {@link GateBenchmark} configuration, ≈ 11 KB of canonical JSON per
 * record), a step that never ends, heap in use after a full collection at every checkpoint. Arguments:
 * {@code jsonl|memory [evaluations] [checkpoint]} (default jsonl, 30,000, 10,000). The jsonl log is written to a
 * temporary file that is deleted at the end, after it was verified by streaming.
 */
public final class AuditLogHeap {
  private AuditLogHeap() {}

  /** Runs the measurement. */
  public static void main(String[] args) throws IOException {
    boolean file = args.length == 0 || args[0].equals("jsonl");
    int evaluations = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
    int every = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    GateConfig config = GateBenchmark.twentyGuardrails(StageLimits.minSample(1000)
        .withDurations(Duration.ofDays(3650), Duration.ofDays(7300)));
    List<MetricData> evidence = GateBenchmark.data(config, new SplittableRandom(1));
    Path path = Files.createTempFile("audit-heap", ".jsonl");
    Files.delete(path);
    AuditLog log = file ? AuditLog.jsonl(path) : AuditLog.inMemory();
    StagedRolloutGate gate = StagedRolloutGate.builder(config)
        .clock(Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC)).auditLog(log).build();
    for (MetricData m : evidence) {
      gate.recordSummary(m.name(), Arm.CANDIDATE, m.candidate());
      gate.recordSummary(m.name(), Arm.INCUMBENT, m.incumbent());
    }
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    System.out.printf(Locale.ROOT, "log: %s%n", file ? "jsonl" : "in memory");
    System.out.printf(Locale.ROOT, "| evaluations | heap used after GC (MiB) | log file (MiB) |%n|---|---|---|%n");
    for (int i = 0; i <= evaluations; i++) {
      if (i % every == 0) {
        for (int k = 0; k < 3; k++) {
          System.gc();
        }
        double used = mem.getHeapMemoryUsage().getUsed() / 1048576.0;
        double size = file && Files.exists(path) ? Files.size(path) / 1048576.0 : 0;
        System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f |%n", i, used, size);
      }
      if (i < evaluations) {
        gate.evaluate();
      }
    }
    if (file) {
      long t0 = System.nanoTime();
      ChainHead head = AuditLog.verify(path);
      System.out.printf(Locale.ROOT, "streamed verification of %d records: %.1f s, head matches: %s%n",
          head.records(), (System.nanoTime() - t0) / 1e9, head.equals(log.head()));
      Files.delete(path);
    }
  }
}
