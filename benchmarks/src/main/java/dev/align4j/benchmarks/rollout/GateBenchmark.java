package dev.align4j.benchmarks.rollout;

import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutStage;
import dev.align4j.rollout.Evaluation;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.GateEvaluator;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.input.EvaluationInput;
import dev.align4j.rollout.input.MetricData;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.metric.Criticality;
import dev.align4j.rollout.metric.MetricSpec;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import dev.align4j.rollout.stats.ArmSummary;
import dev.align4j.rollout.stats.RunningStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One gate evaluation with 20 guardrails, each summarising 10 million observations per arm (streaming sufficient
 * statistics: the cost does not depend on the number of observations). Requirement: under 1 ms.
 *
 * <ul>
 *   <li>{@code decide}: the pure decision function with full per-metric explanations;
 *   <li>{@code decideQuiet}: the same without the explanation strings (the simulator's path);
 *   <li>{@code gateEvaluate}: a whole {@link StagedRolloutGate#evaluate()}: snapshot, decision, canonical JSON and
 *       SHA-256 of the audit record appended to an in-memory chain;
 *   <li>{@code ingest}: adding one observation to a streaming summary (ns per observation).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GateBenchmark {
  static final long N = 10_000_000L;

  GateConfig config;
  GateConfig extendingConfig;
  EvaluationInput input;
  List<MetricData> evidence;
  RunningStats stats;
  double x;

  /** 20 guardrails: 8 two-sample means, 6 two-sample rates, 4 one-sample rates (confidence sequence), 2 win rates. */
  static GateConfig twentyGuardrails(StageLimits limits) {
    List<MetricSpec> metrics = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      metrics.add(Guardrails.latency("latency_" + i, 0.05, 1).build());
    }
    for (int i = 0; i < 6; i++) {
      metrics.add(Guardrails.unsafeRateIncrease("rate_" + i, 0.001, 0.001).criticality(
          Criticality.NORMAL).build());
    }
    for (int i = 0; i < 4; i++) {
      metrics.add(Guardrails.unsafeRate("unsafe_" + i, 0.01).build());
    }
    for (int i = 0; i < 2; i++) {
      metrics.add(Guardrails.winRate("win_" + i, 0.05, 0.02).stages(RolloutStage.CANARY).build());
    }
    StagePlan plan = StagePlan.builder().canaryPercent(limits, 50).build();
    return GateConfig.builder(plan).metrics(metrics).build();
  }

  static List<MetricData> data(GateConfig cfg, SplittableRandom rng) {
    List<MetricData> out = new ArrayList<>();
    for (MetricSpec m : cfg.metrics()) {
      String n = m.name();
      if (n.startsWith("latency")) {
        out.add(new MetricData(n, ArmSummary.ofMoments(N, 100 + 0.01 * rng.nextGaussian(), 30),
            ArmSummary.ofMoments(N, 100, 30)));
      } else if (n.startsWith("rate")) {
        out.add(new MetricData(n, ArmSummary.ofRate(100_000 + rng.nextInt(300), N), ArmSummary.ofRate(100_000, N)));
      } else if (n.startsWith("unsafe")) {
        out.add(new MetricData(n, ArmSummary.ofRate(20_000 + rng.nextInt(300), N), ArmSummary.EMPTY));
      } else {
        out.add(new MetricData(n, ArmSummary.ofRate(5_200_000, N), ArmSummary.EMPTY));
      }
    }
    return out;
  }

  /** Builds the configuration, the input and a gate holding the same evidence. */
  @Setup
  public void setup() {
    config = twentyGuardrails(StageLimits.minSample(1000));
    // the same guardrails with a one-hour minimum duration: under a fixed clock every evaluation computes all 20
    // metrics and then extends, so the gate never leaves the step
    extendingConfig = twentyGuardrails(StageLimits.minSample(1000).withDurations(Duration.ofHours(1),
        Duration.ofHours(2)));
    SplittableRandom rng = new SplittableRandom(1);
    List<MetricData> d = data(config, rng);
    evidence = d;
    Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    input = new EvaluationInput(RolloutStage.CANARY, 0, t0, t0.plusSeconds(7200), null, t0.plusSeconds(7100), false,
        N, N, d, List.of());
    stats = new RunningStats();
    x = 0;
    Evaluation e = GateEvaluator.evaluate(config, input);
    if (e.decision().kind() != GateDecision.Kind.PROMOTE) {
      throw new IllegalStateException("benchmark input should promote: " + e.decision().reasons());
    }
  }

  /** The decision with explanations. */
  @Benchmark
  public Evaluation decide() {
    return GateEvaluator.evaluate(config, input);
  }

  /** The decision without explanation strings. */
  @Benchmark
  public Evaluation decideQuiet() {
    return GateEvaluator.evaluate(config, input, false);
  }

  /**
   * Whole gate evaluations with their audit records: a fresh gate (so that the in-memory chain stays short) fed the
   * 20 summaries, then 100 evaluations; reported per evaluation.
   */
  @Benchmark
  @OperationsPerInvocation(100)
  public GateDecision gateEvaluate() {
    StagedRolloutGate gate = StagedRolloutGate.builder(extendingConfig)
        .clock(Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC)).build();
    for (MetricData m : evidence) {
      gate.recordSummary(m.name(), Arm.CANDIDATE, m.candidate());
      gate.recordSummary(m.name(), Arm.INCUMBENT, m.incumbent());
    }
    GateDecision d = null;
    for (int i = 0; i < 100; i++) {
      d = gate.evaluate();
    }
    return d;
  }

  /** One streaming observation. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public RunningStats ingest() {
    x += 0.5;
    stats.add(x);
    return stats;
  }
}
