package dev.align4j.benchmarks.rollout;

import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutStage;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.GateEvaluator;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.input.EvaluationInput;
import dev.align4j.rollout.input.MetricData;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.sim.SimulationReport;
import dev.align4j.rollout.stage.StageLimits;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The rollout benchmarks measured in thread CPU time instead of wall time, so that the figures mean something on a
 * shared, overloaded machine where JMH's wall-clock scores are dominated by waiting for a core. Each figure is the
 * median of several repetitions after a warm-up. Run with
 * {@code java -cp <benchmarks class path> dev.align4j.benchmarks.rollout.RolloutCpuTime}.
 */
public final class RolloutCpuTime {
  private RolloutCpuTime() {}

  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  /** Prints one line per figure. */
  public static void main(String[] args) {
    GateConfig cfg = GateBenchmark.twentyGuardrails(StageLimits.minSample(1000));
    GateConfig extending = GateBenchmark.twentyGuardrails(
        StageLimits.minSample(1000).withDurations(Duration.ofHours(1), Duration.ofHours(2)));
    List<MetricData> d = GateBenchmark.data(cfg, new SplittableRandom(1));
    Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    EvaluationInput in = new EvaluationInput(RolloutStage.CANARY, 0, t0, t0.plusSeconds(7200), null,
        t0.plusSeconds(7100), false, GateBenchmark.N, GateBenchmark.N, d, List.of());

    report("decide (20 guardrails x 10M obs/arm, with explanations)", 15, 20_000, () ->
        GateEvaluator.evaluate(cfg, in));
    report("decideQuiet (no explanation strings)", 15, 20_000, () -> GateEvaluator.evaluate(cfg, in, false));
    report("gate.evaluate incl. audit record (hash chain)", 15, 100, () -> {
      StagedRolloutGate g = StagedRolloutGate.builder(extending).clock(Clock.fixed(t0, ZoneOffset.UTC)).build();
      for (MetricData m : d) {
        g.recordSummary(m.name(), Arm.CANDIDATE, m.candidate());
        g.recordSummary(m.name(), Arm.INCUMBENT, m.incumbent());
      }
      GateDecision last = null;
      for (int i = 0; i < 100; i++) {
        last = g.evaluate();
      }
      return last;
    }, 100);
    SimulatorBenchmark sb = new SimulatorBenchmark();
    sb.setup();
    double[] secs = new double[3];
    sb.tenThousandRollouts(); // warm-up
    for (int r = 0; r < secs.length; r++) {
      long c0 = MX.getCurrentThreadCpuTime();
      SimulationReport rep = sb.tenThousandRollouts();
      secs[r] = (MX.getCurrentThreadCpuTime() - c0) / 1e9;
      if (r == 0) {
        System.out.println("simulator report: " + rep);
      }
    }
    Arrays.sort(secs);
    System.out.printf(Locale.ROOT, "%-60s median %.2f s CPU (min %.2f, max %.2f)%n",
        "simulator: 10,000 rollouts x 50 looks, 3 guardrails", secs[1], secs[0], secs[2]);
  }

  private static void report(String name, int reps, int calls, Supplier<?> op) {
    report(name, reps, calls, op, 1);
  }

  private static void report(String name, int reps, int calls, Supplier<?> op, int opsPerCall) {
    Object sink = null;
    for (int i = 0; i < calls; i++) {
      sink = op.get(); // warm-up
    }
    double[] us = new double[reps];
    for (int r = 0; r < reps; r++) {
      long c0 = MX.getCurrentThreadCpuTime();
      for (int i = 0; i < calls / Math.max(1, opsPerCall / 10); i++) {
        sink = op.get();
      }
      us[r] = (MX.getCurrentThreadCpuTime() - c0) / 1e3 / ((double) (calls / Math.max(1, opsPerCall / 10))
          * opsPerCall);
    }
    Arrays.sort(us);
    System.out.printf(Locale.ROOT, "%-60s median %.2f us CPU per evaluation (min %.2f, max %.2f) %s%n", name,
        us[reps / 2], us[0], us[reps - 1], sink == null ? "" : "");
  }
}
