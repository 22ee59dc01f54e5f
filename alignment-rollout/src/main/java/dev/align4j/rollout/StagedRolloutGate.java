package dev.align4j.rollout;

import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutGate;
import dev.align4j.core.RolloutStage;
import dev.align4j.core.check.Require;
import dev.align4j.rollout.audit.AuditLog;
import dev.align4j.rollout.audit.DecisionRecord;
import dev.align4j.rollout.guardrail.Precondition;
import dev.align4j.rollout.guardrail.PreconditionResult;
import dev.align4j.rollout.input.EvaluationInput;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.input.MetricData;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.metric.MetricSpec;
import dev.align4j.rollout.metric.NanPolicy;
import dev.align4j.rollout.stage.Step;
import dev.align4j.rollout.stats.ArmSummary;
import dev.align4j.rollout.stats.RunningStats;
import dev.align4j.rollout.traffic.InMemoryTrafficController;
import dev.align4j.rollout.traffic.TrafficController;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference {@link RolloutGate}: a stage machine {@code OFFLINE_EVAL → SHADOW → CANARY(w₁…w_k) → FULL} (plus
 * PAUSED, ROLLED_BACK, ABORTED) that collects per-arm sufficient statistics for each configured metric, decides with
 * {@link GateEvaluator} at every {@link #evaluate()}, moves traffic through a {@link TrafficController}, and appends
 * every decision, automatic or human, to a hash-chained {@link AuditLog}.
 *
 * <pre>{@code
 * StagedRolloutGate gate = StagedRolloutGate.builder(config)
 *     .clock(clock).traffic(router).auditLog(AuditLog.jsonl(path))
 *     .model("candidate", "policy-v7").model("incumbent", "policy-v6").build();
 * gate.recordRate("unsafe_rate", Arm.CANDIDATE, flagged, served);
 * GateDecision d = gate.evaluate();
 * }</pre>
 *
 * <p>Each plan step has its own data window: promotion to the next step starts a new one. Time comes only from the
 * injected clock; randomness is not used. Not thread-safe: serialise calls (e.g. one evaluation thread that also
 * drains the metric pipeline).
 */
public final class StagedRolloutGate implements RolloutGate {
  private static final Logger LOG = LoggerFactory.getLogger(StagedRolloutGate.class);

  private final GateConfig config;
  private final Clock clock;
  private final TrafficController traffic;
  private final AuditLog audit;
  private final Map<String, String> models;
  private final Map<String, RunningStats[]> windows = new LinkedHashMap<>();
  private RolloutStage stage;
  private int step;
  private Instant stageEnteredAt;
  private @Nullable Instant lastEvaluatedAt;
  private @Nullable Instant lastDataAt;
  private boolean killSwitch;
  private long assignedCandidate;
  private long assignedIncumbent;

  private StagedRolloutGate(Builder b) {
    this.config = b.config;
    this.clock = b.clock;
    this.traffic = b.traffic;
    this.audit = b.audit;
    this.models = Map.copyOf(b.models);
    for (MetricSpec m : config.metrics()) {
      windows.put(m.name(), new RunningStats[] {new RunningStats(), new RunningStats()});
    }
    this.step = 0;
    Step first = config.plan().step(0);
    this.stage = first.stage();
    this.stageEnteredAt = clock.instant();
    traffic.mirror(first.mirror());
    traffic.setWeight(first.weight());
  }

  /** A builder for a gate over {@code config}. */
  public static Builder builder(GateConfig config) {
    return new Builder(config);
  }

  @Override
  public RolloutStage stage() {
    return stage;
  }

  /** The current plan step's index (the paused step while PAUSED). */
  public int stepIndex() {
    return step;
  }

  /** The current plan step (the paused step while PAUSED). */
  public Step currentStep() {
    return config.plan().step(step);
  }

  /** The configuration. */
  public GateConfig config() {
    return config;
  }

  /**
   * Every decision record so far (the audit log's records), as a list held in memory: a file-backed log is read and
   * verified whole. For a long-running gate stream the log instead ({@code auditLog().stream()}).
   */
  public List<DecisionRecord> history() {
    return audit.records();
  }

  /** The audit log this gate appends to (its {@link AuditLog#head() head} pins every decision so far). */
  public AuditLog auditLog() {
    return audit;
  }

  /** Records one observation of {@code metric} for {@code arm} (time: the clock). */
  public void record(String metric, Arm arm, double value) {
    MetricSpec m = config.metric(metric);
    if (Double.isNaN(value) && m.nanPolicy() == NanPolicy.REJECT) {
      throw new IllegalArgumentException("value of metric " + metric + " must not be NaN (nanPolicy REJECT)");
    }
    touchData();
    windows.get(metric)[arm.ordinal()].add(value);
  }

  /** Records {@code events} of {@code trials} for a rate metric. */
  public void recordRate(String metric, Arm arm, long events, long trials) {
    recordSummary(metric, arm, ArmSummary.ofRate(events, trials));
  }

  /** Merges a pre-aggregated summary of {@code metric} for {@code arm} (e.g. from a metrics pipeline). */
  public void recordSummary(String metric, Arm arm, ArmSummary summary) {
    MetricSpec m = config.metric(metric);
    Require.nonNull("summary", summary);
    Require.argument(summary.nanCount() == 0 || m.nanPolicy() != NanPolicy.REJECT,
        "summary of metric %s must have no NaN (nanPolicy REJECT), had %d", metric, summary.nanCount());
    touchData();
    windows.get(metric)[arm.ordinal()].add(summary);
  }

  /** Records {@code count} units assigned to {@code arm} (for the sample-ratio check). */
  public void recordAssignment(Arm arm, long count) {
    Require.argument(count >= 0, "count must be >= 0, was %d", count);
    if (arm == Arm.CANDIDATE) {
      assignedCandidate += count;
    } else {
      assignedIncumbent += count;
    }
  }

  private void touchData() {
    Instant now = clock.instant();
    Require.argument(lastDataAt == null || !now.isBefore(lastDataAt),
        "clock must not run backwards: observation time %s is before the previous one %s", now, lastDataAt);
    lastDataAt = now;
  }

  /** The current data window of {@code metric} for {@code arm}. */
  public ArmSummary summary(String metric, Arm arm) {
    config.metric(metric);
    return windows.get(metric)[arm.ordinal()].summary();
  }

  /** Evaluates, actuates, records and returns the decision. */
  @Override
  public GateDecision evaluate() {
    EvaluationInput in = snapshot();
    return apply(in, GateEvaluator.evaluate(config, in), null, "gate");
  }

  /** Applies a human decision (recorded with its actor and reason) and returns it. */
  public GateDecision override(HumanOverride o) {
    EvaluationInput in = snapshot();
    return apply(in, GateEvaluator.override(config, in, o), o, o.actor());
  }

  /** Engages the kill switch: the rollout is aborted at once and every later evaluation aborts. */
  public GateDecision kill(String actor, String reason) {
    killSwitch = true;
    return override(new HumanOverride(HumanOverride.Action.ABORT, actor, reason));
  }

  private EvaluationInput snapshot() {
    List<MetricData> data = new ArrayList<>();
    for (Map.Entry<String, RunningStats[]> e : windows.entrySet()) {
      data.add(new MetricData(e.getKey(), e.getValue()[0].summary(), e.getValue()[1].summary()));
    }
    Instant now = clock.instant();
    List<PreconditionResult> pre = new ArrayList<>();
    if (!stage.isTerminal() && stage != RolloutStage.PAUSED) {
      for (Precondition p : config.preconditions()) {
        pre.add(p.check(now));
      }
    }
    return new EvaluationInput(stage, step, stageEnteredAt, now, lastEvaluatedAt, lastDataAt, killSwitch,
        assignedCandidate, assignedIncumbent, data, pre);
  }

  private double weightOf(RolloutStage s, int stepIndex) {
    return s == RolloutStage.ROLLED_BACK || s == RolloutStage.ABORTED ? 0
        : config.plan().step(stepIndex).weightPercent();
  }

  private GateDecision apply(EvaluationInput in, Evaluation ev, @Nullable HumanOverride o, String actor) {
    RolloutStage after = ev.stageAfter();
    int stepAfter = ev.stepAfter();
    if (after == RolloutStage.ROLLED_BACK || after == RolloutStage.ABORTED) {
      if (after != stage) {
        traffic.rollback();
      }
    } else if (stepAfter != step) {
      Step next = config.plan().step(stepAfter);
      traffic.mirror(next.mirror());
      traffic.setWeight(next.weight());
    }
    double weightBefore = weightOf(stage, step);
    // recorded before the gate's state changes: if the record cannot be written, the gate stays where it was (the
    // idempotent traffic call is repeated at the next evaluation)
    GateDecision d = ev.decision();
    RolloutStage target = d instanceof GateDecision.Promote ? ((GateDecision.Promote) d).target() : null;
    DecisionRecord sealed = audit.append(new DecisionRecord(0, in.now(), actor, config.hash(), new TreeMap<>(models),
        in, o, d.kind(), target, d.reasons(), ev.metrics(), ev.score(), weightBefore, after, stepAfter,
        weightOf(after, stepAfter), "", ""));
    if (stepAfter != step || after.isTerminal()) {
      for (RunningStats[] w : windows.values()) {
        w[0].reset();
        w[1].reset();
      }
      assignedCandidate = 0;
      assignedIncumbent = 0;
      stageEnteredAt = in.now();
    }
    stage = after;
    step = stepAfter;
    if (lastEvaluatedAt == null || in.now().isAfter(lastEvaluatedAt)) {
      lastEvaluatedAt = in.now();
    }
    if (after != in.stage() || stepAfter != in.stepIndex()) {
      LOG.info("rollout decision {}: {} step {} -> {} step {} (record {}, actor {})", d.kind(), in.stage(),
          in.stepIndex(), after, stepAfter, sealed.sequence(), actor);
    } else {
      LOG.debug("rollout decision {} at {} step {} (record {})", d.kind(), after, stepAfter, sealed.sequence());
    }
    return d;
  }

  /**
   * Re-evaluates a stored record from its stored inputs under {@code config}.
   *
   * @throws IllegalArgumentException if {@code config} is not the configuration the record was made with
   */
  public static Evaluation reEvaluate(GateConfig config, DecisionRecord r) {
    Require.argument(config.hash().equals(r.configHash()), "config hash must be %s (the record's), was %s",
        r.configHash(), config.hash());
    return r.override() == null ? GateEvaluator.evaluate(config, r.input())
        : GateEvaluator.override(config, r.input(), r.override());
  }

  /** Whether re-evaluating {@code r} gives the recorded decision, reasons and next state. */
  public static boolean replays(GateConfig config, DecisionRecord r) {
    Evaluation ev = reEvaluate(config, r);
    RolloutStage target = ev.decision() instanceof GateDecision.Promote
        ? ((GateDecision.Promote) ev.decision()).target() : null;
    return ev.decision().kind() == r.decision() && ev.decision().reasons().equals(r.reasons())
        && ev.stageAfter() == r.stageAfter() && ev.stepAfter() == r.stepAfter() && target == r.target()
        && ev.metrics().equals(r.metrics());
  }

  /**
   * Builds a {@link StagedRolloutGate}. Defaults: the UTC system clock, an in-memory traffic controller and an
   * in-memory audit log (which keeps every record: give a long-running gate {@link AuditLog#jsonl}, which keeps only
   * its head in memory).
   */
  public static final class Builder {
    private final GateConfig config;
    private Clock clock = Clock.systemUTC();
    private TrafficController traffic = new InMemoryTrafficController();
    private AuditLog audit = AuditLog.inMemory();
    private final Map<String, String> models = new TreeMap<>();

    private Builder(GateConfig config) {
      this.config = Require.nonNull("config", config);
    }

    /** The clock every time comes from (inject a fixed or test clock for replayable runs). */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull("clock", clock);
      return this;
    }

    /** Where traffic decisions go. */
    public Builder traffic(TrafficController traffic) {
      this.traffic = Require.nonNull("traffic", traffic);
      return this;
    }

    /** Where decision records go. */
    public Builder auditLog(AuditLog audit) {
      this.audit = Require.nonNull("audit", audit);
      return this;
    }

    /** A model id for the records, e.g. {@code model("judge", "judge-x@2026-05")}. */
    public Builder model(String role, String id) {
      models.put(Require.nonBlank("role", role), Require.nonBlank("id", id));
      return this;
    }

    /** Builds the gate at the plan's first step and sets its traffic. */
    public StagedRolloutGate build() {
      return new StagedRolloutGate(this);
    }
  }
}
