package dev.align4j.springai.boot;

import dev.align4j.core.GateDecision;
import dev.align4j.core.GateReason;
import dev.align4j.core.RolloutGate;
import dev.align4j.core.RolloutStage;
import dev.align4j.core.check.Require;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.audit.AuditJson;
import dev.align4j.rollout.audit.AuditLog;
import dev.align4j.rollout.audit.ChainHead;
import dev.align4j.rollout.audit.DecisionRecord;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.stage.Step;
import dev.align4j.rollout.stats.ArmSummary;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The application's thread-safe handle on a {@link StagedRolloutGate} (which is not thread-safe: "serialise calls"):
 * every call is made under one lock. After each decision — an evaluation, a human override, the kill switch — it reads
 * the record the gate just appended to its audit log (the last line of a file-backed log, one seek; the last record
 * of an in-memory log), keeps the latest {@code recent} of them for the Actuator endpoint, and reports the decision's
 * kind and actor to {@link Align4jMetrics}. On creation it reads the latest records of an existing log once, so the
 * endpoint shows the decisions made before a restart too. The gate decides; this class only serialises and watches.
 */
public final class GateMonitor implements RolloutGate {
  private final StagedRolloutGate gate;
  private final Align4jMetrics metrics;
  private final int recent;
  private final ArrayDeque<DecisionRecord> latest = new ArrayDeque<>();

  /**
   * @param gate the gate (only this monitor should call it from now on)
   * @param metrics where decisions are reported
   * @param recent how many of the latest decisions to keep, 1 to 1000
   */
  public GateMonitor(StagedRolloutGate gate, Align4jMetrics metrics, int recent) {
    this.gate = Require.nonNull("gate", gate);
    this.metrics = Require.nonNull("metrics", metrics);
    this.recent = Require.inClosedRange("recent", recent, 1, 1000);
    if (gate.auditLog().size() > 0) {
      try (Stream<DecisionRecord> records = gate.auditLog().stream()) {
        records.forEach(this::remember);
      }
    }
  }

  @Override
  public synchronized RolloutStage stage() {
    return gate.stage();
  }

  @Override
  public synchronized GateDecision evaluate() {
    return decided(gate.evaluate());
  }

  /** Applies a human decision (see {@link StagedRolloutGate#override}). */
  public synchronized GateDecision override(HumanOverride o) {
    return decided(gate.override(o));
  }

  /** Engages the kill switch (see {@link StagedRolloutGate#kill}). */
  public synchronized GateDecision kill(String actor, String reason) {
    return decided(gate.kill(actor, reason));
  }

  /** Records one observation (see {@link StagedRolloutGate#record}). */
  public synchronized void record(String metric, Arm arm, double value) {
    gate.record(metric, arm, value);
  }

  /** Records {@code events} of {@code trials} for a rate metric (see {@link StagedRolloutGate#recordRate}). */
  public synchronized void recordRate(String metric, Arm arm, long events, long trials) {
    gate.recordRate(metric, arm, events, trials);
  }

  /** Merges a pre-aggregated summary (see {@link StagedRolloutGate#recordSummary}). */
  public synchronized void recordSummary(String metric, Arm arm, ArmSummary summary) {
    gate.recordSummary(metric, arm, summary);
  }

  /** Records units assigned to an arm (see {@link StagedRolloutGate#recordAssignment}). */
  public synchronized void recordAssignment(Arm arm, long count) {
    gate.recordAssignment(arm, count);
  }

  /** Runs {@code query} on the gate under the lock (for reads this class does not offer). */
  public synchronized <T> T inspect(Function<StagedRolloutGate, T> query) {
    return Require.nonNull("query", query).apply(gate);
  }

  /** The gate's state, its audit head and the latest decisions, oldest first. */
  public synchronized State state() {
    Step step = gate.currentStep();
    AuditLog log = gate.auditLog();
    return new State(
        gate.stage(),
        gate.stepIndex(),
        step.label(),
        step.weightPercent(),
        step.mirrorPercent(),
        log.head(),
        log.file(),
        List.copyOf(latest));
  }

  private GateDecision decided(GateDecision d) {
    DecisionRecord r = lastRecord(gate.auditLog());
    if (r != null) {
      remember(r);
    }
    metrics.gateDecision(d.kind(), r == null || "gate".equals(r.actor()) ? "gate" : "human");
    return d;
  }

  private void remember(DecisionRecord r) {
    latest.addLast(r);
    while (latest.size() > recent) {
      latest.removeFirst();
    }
  }

  /** The log's last record: an in-memory log's last, or a file-backed log's last line (read backwards). */
  static @Nullable DecisionRecord lastRecord(AuditLog log) {
    if (log.size() == 0) {
      return null;
    }
    Path file = log.file();
    if (file == null) {
      List<DecisionRecord> all = log.records();
      return all.get(all.size() - 1);
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long end = f.length() - 1; // the final '\n'
      long pos = end - 1;
      while (pos >= 0) {
        f.seek(pos);
        if (f.read() == '\n') {
          break;
        }
        pos--;
      }
      int length = (int) (end - pos - 1);
      byte[] line = new byte[length];
      f.seek(pos + 1);
      f.readFully(line);
      return AuditJson.fromJson(new String(line, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the last record of the audit log " + file, e);
    }
  }

  @Override
  public synchronized String toString() {
    return "GateMonitor["
        + gate.stage()
        + " step "
        + gate.stepIndex()
        + ", "
        + gate.auditLog().head()
        + "]";
  }

  /**
   * A snapshot of the gate for the Actuator endpoint.
   *
   * @param stage the current stage
   * @param stepIndex the current plan step's index
   * @param stepLabel the current plan step's label
   * @param weightPercent the candidate's traffic share in this step, percent
   * @param mirrorPercent the share mirrored to the candidate in this step, percent
   * @param auditHead the audit log's head (record count and last hash)
   * @param auditFile the audit log's file, or null for an in-memory log
   * @param latest the latest decision records, oldest first
   */
  public record State(
      RolloutStage stage,
      int stepIndex,
      String stepLabel,
      double weightPercent,
      double mirrorPercent,
      ChainHead auditHead,
      @Nullable Path auditFile,
      List<DecisionRecord> latest) {
    /** Copies the records. */
    public State {
      latest = List.copyOf(latest);
    }

    /** The latest decisions as summaries for display, newest first. */
    public List<Summary> summaries() {
      List<Summary> out = new ArrayList<>();
      for (int i = latest.size() - 1; i >= 0; i--) {
        DecisionRecord r = latest.get(i);
        out.add(
            new Summary(
                r.sequence(),
                r.time(),
                r.actor(),
                r.decision(),
                r.target(),
                r.reasons(),
                r.stageAfter(),
                r.stepAfter(),
                r.weightAfter(),
                r.hash()));
      }
      return out;
    }
  }

  /**
   * One decision as the endpoint shows it (the full record, with every input, stays in the audit log).
   *
   * @param sequence the record's position in the log
   * @param time when it was decided (the gate's clock)
   * @param actor {@code "gate"} or the person
   * @param decision the decision's kind
   * @param target the promotion target, or null
   * @param reasons the reasons
   * @param stageAfter the stage after it
   * @param stepAfter the plan step after it
   * @param weightAfterPercent the candidate's traffic share after it, percent
   * @param hash the record's hash in the chain
   */
  public record Summary(
      long sequence,
      Instant time,
      String actor,
      GateDecision.Kind decision,
      @Nullable RolloutStage target,
      List<GateReason> reasons,
      RolloutStage stageAfter,
      int stepAfter,
      double weightAfterPercent,
      String hash) {}
}
