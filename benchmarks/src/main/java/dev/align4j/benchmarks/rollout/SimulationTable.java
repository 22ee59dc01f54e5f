package dev.align4j.benchmarks.rollout;

import dev.align4j.core.GateDecision.Kind;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.metric.Direction;
import dev.align4j.rollout.metric.MetricSpec;
import dev.align4j.rollout.sim.ArmModel;
import dev.align4j.rollout.sim.MetricScenario;
import dev.align4j.rollout.sim.RolloutSimulator;
import dev.align4j.rollout.sim.Scenario;
import dev.align4j.rollout.sim.SimulationReport;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import dev.align4j.rollout.stats.AcceptableRange;
import dev.align4j.rollout.stats.BernoulliConfidenceSequence;
import dev.align4j.rollout.stats.BinomialBoundTest;
import dev.align4j.rollout.stats.FixedHorizonZTest;
import dev.align4j.rollout.stats.MixtureSprt;
import dev.align4j.rollout.stats.SequentialTest;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prints the simulator table of {@code benchmarks/results/rollout.md}: the configurations of
 * {@code RolloutSimulatorTest} at 10,000 seeded rollouts of 50 looks each, and the peeking error of fixed-horizon
 * versus anytime-valid tests. Arguments: {@code [runs]} (default 10,000).
 */
public final class SimulationTable {
  private SimulationTable() {}

  static GateConfig canary(MetricSpec latency) {
    return GateConfig.builder(StagePlan.builder().canaryPercent(StageLimits.minSample(200), 50).build())
        .metric(Guardrails.unsafeRateIncrease("unsafe_delta", 0.005, 0.01).build())
        .metric(latency)
        .metric(Guardrails.lengthRatio("length_tokens", 1.2, 20).build())
        .build();
  }

  static Scenario scenario(String name, double unsafe, double latency, double length) {
    return Scenario.of(name, 500, 50,
        new MetricScenario("unsafe_delta", ArmModel.bernoulli(unsafe), ArmModel.bernoulli(0.01)),
        new MetricScenario("latency_ms", ArmModel.normal(latency, 30), ArmModel.normal(100, 30)),
        new MetricScenario("length_tokens", ArmModel.normal(length, 0.4 * length), ArmModel.normal(200, 80)));
  }

  /** Prints the table. */
  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    GateConfig cfg = canary(Guardrails.latency("latency_ms", 0.10, 5).build());
    System.out.println("| scenario | promote | rollback | pause | undecided | E[looks] | E[n/arm] at decision |");
    System.out.println("|---|---|---|---|---|---|---|");
    row(RolloutSimulator.of(cfg, 0).run(scenario("A/A (canary 50%, 3 guardrails)", 0.01, 100, 200), runs,
        new SplittableRandom(42)));
    row(RolloutSimulator.of(cfg, 0).run(scenario("latency +10% (at the tolerance)", 0.01, 110, 200), runs,
        new SplittableRandom(7)));
    row(RolloutSimulator.of(cfg, 0).run(scenario("unsafe rate 1% -> 3%", 0.03, 100, 200), runs,
        new SplittableRandom(8)));
    row(RolloutSimulator.of(cfg, 0).run(scenario("length x1.5", 0.01, 100, 300), runs, new SplittableRandom(9)));
    StageLimits limits = StageLimits.minSample(200);
    GateConfig shadow = GateConfig.builder(StagePlan.builder().shadowPercent(10, limits).canaryPercent(limits, 5)
        .build())
        .metric(Guardrails.winRate("win_rate", 0.0, 0.05).build()).build();
    row(RolloutSimulator.of(shadow, 0).run(Scenario.of("shadow win rate 0.45 (accept >= 0.5)", 100, 50,
        new MetricScenario("win_rate", ArmModel.bernoulli(0.45), ArmModel.bernoulli(0.5))), runs,
        new SplittableRandom(10)));
    row(RolloutSimulator.of(shadow, 0).run(Scenario.of("shadow win rate 0.50 (boundary)", 100, 50,
        new MetricScenario("win_rate", ArmModel.bernoulli(0.5), ArmModel.bernoulli(0.5))), runs,
        new SplittableRandom(11)));
    GateConfig fixed = canary(MetricSpec.builder("latency_ms", FixedHorizonZTest.twoSample(24_000))
        .direction(Direction.DECREASE_IS_GOOD).build());
    row(RolloutSimulator.of(fixed, 0).run(scenario("A/A, latency on a fixed-horizon z (gate waits)", 0.01, 100, 200),
        runs, new SplittableRandom(13)));

    System.out.println();
    System.out.println("| test read at each of 50 looks (A/A, one-sided, alpha 0.05) | false rejection rate |");
    System.out.println("|---|---|");
    peek("fixed-horizon z (naive peeking)", FixedHorizonZTest.twoSample(25_000), ArmModel.normal(100, 30),
        AcceptableRange.atMost(0), 500, runs);
    peek("mSPRT, tau = 5", MixtureSprt.twoSample(5), ArmModel.normal(100, 30), AcceptableRange.atMost(0), 500, runs);
    peek("Wilson bound on a 2% rate (naive peeking)", BinomialBoundTest.of(BinomialBoundTest.Method.WILSON, 1),
        ArmModel.bernoulli(0.02), AcceptableRange.atMost(0.02), 200, runs);
    peek("Bernoulli confidence sequence on a 2% rate", BernoulliConfidenceSequence.jeffreys(),
        ArmModel.bernoulli(0.02), AcceptableRange.atMost(0.02), 200, runs);
  }

  private static void peek(String name, SequentialTest t, ArmModel m, AcceptableRange r,
      int batch, int runs) {
    double rate = RolloutSimulator.peekingRejectionRate(t, m, m, r, 0.05, batch, 50, runs, new SplittableRandom(12));
    System.out.printf(Locale.ROOT, "| %s | %.4f ± %.4f |%n", name, rate, Math.sqrt(rate * (1 - rate) / runs));
  }

  private static void row(SimulationReport r) {
    System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %.1f | %.0f |%n", r.scenario(),
        r.rate(Kind.PROMOTE), r.rate(Kind.ROLLBACK), r.rate(Kind.PAUSE_FOR_HUMAN), r.rate(Kind.HOLD),
        r.meanLooksToDecision(), r.meanSamplesPerArmToDecision());
  }
}
