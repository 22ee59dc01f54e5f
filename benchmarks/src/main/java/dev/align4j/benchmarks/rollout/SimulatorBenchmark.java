package dev.align4j.benchmarks.rollout;

import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.sim.ArmModel;
import dev.align4j.rollout.sim.MetricScenario;
import dev.align4j.rollout.sim.RolloutSimulator;
import dev.align4j.rollout.sim.Scenario;
import dev.align4j.rollout.sim.SimulationReport;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The simulator: 10,000 A/A rollouts of 50 looks each through a 3-guardrail canary configuration, on one thread.
 * The step's minimum duration (50 h, one look per simulated hour) keeps every rollout running all 50 looks unless a
 * guardrail falsely rolls back, so the figure is the cost of ≈ 500,000 gate evaluations. Requirement: under 10 s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SimulatorBenchmark {
  RolloutSimulator simulator;
  Scenario scenario;
  long seed;

  /** Builds the configuration and the A/A scenario. */
  @Setup
  public void setup() {
    StageLimits limits = StageLimits.minSample(200).withDurations(Duration.ofHours(50), Duration.ofHours(100));
    GateConfig cfg = GateConfig.builder(StagePlan.builder().canaryPercent(limits, 50).build())
        .metric(Guardrails.unsafeRateIncrease("unsafe_delta", 0.005, 0.01).build())
        .metric(Guardrails.latency("latency_ms", 0.10, 5).build())
        .metric(Guardrails.lengthRatio("length_tokens", 1.2, 20).build())
        .build();
    simulator = RolloutSimulator.of(cfg, 0);
    scenario = Scenario.of("A/A", 500, 50,
        new MetricScenario("unsafe_delta", ArmModel.bernoulli(0.01), ArmModel.bernoulli(0.01)),
        new MetricScenario("latency_ms", ArmModel.normal(100, 30), ArmModel.normal(100, 30)),
        new MetricScenario("length_tokens", ArmModel.normal(200, 80), ArmModel.normal(200, 80)));
  }

  /** 10,000 rollouts of 50 looks. */
  @Benchmark
  public SimulationReport tenThousandRollouts() {
    return simulator.run(scenario, 10_000, new SplittableRandom(seed++));
  }
}
