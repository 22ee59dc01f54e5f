package dev.align4j.rollout.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.GateDecision.Kind;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.metric.MetricSpec;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import dev.align4j.rollout.stats.AcceptableRange;
import dev.align4j.rollout.stats.FixedHorizonZTest;
import dev.align4j.rollout.stats.MixtureSprt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded Monte-Carlo checks of whole gate configurations, 50 looks each. Every rate bound is stated with its
 * Monte-Carlo allowance of three standard errors, {@code 3·sqrt(α(1−α)/runs)}.
 */
class RolloutSimulatorTest {
  static final int RUNS = 1500;
  static final int LOOKS = 50;
  static final int UNITS = 500;
  static final double ALPHA = 0.05;
  static final double MC3 = 3 * Math.sqrt(ALPHA * (1 - ALPHA) / RUNS); // = 0.0169

  static GateConfig canaryConfig(MetricSpec latency) {
    StagePlan plan = StagePlan.builder().canaryPercent(StageLimits.minSample(200), 50).build();
    return GateConfig.builder(plan)
        .metric(Guardrails.unsafeRateIncrease("unsafe_delta", 0.005, 0.01).build())
        .metric(latency)
        .metric(Guardrails.lengthRatio("length_tokens", 1.2, 20).build())
        .alphaHarm(ALPHA).alphaPromote(ALPHA).build();
  }

  static GateConfig canaryConfig() {
    return canaryConfig(Guardrails.latency("latency_ms", 0.10, 5).build());
  }

  static Scenario scenario(String name, double unsafeCand, double latencyCand, double lengthCand) {
    return Scenario.of(name, UNITS, LOOKS,
        new MetricScenario("unsafe_delta", ArmModel.bernoulli(unsafeCand), ArmModel.bernoulli(0.01)),
        new MetricScenario("latency_ms", ArmModel.normal(latencyCand, 30), ArmModel.normal(100, 30)),
        new MetricScenario("length_tokens", ArmModel.normal(lengthCand, 0.4 * lengthCand), ArmModel.normal(200, 80)));
  }

  @Test
  void aaRolloutsRarelyRollBackAndMostlyPromote() {
    SimulationReport r = RolloutSimulator.of(canaryConfig(), 0).run(scenario("A/A", 0.01, 100, 200), RUNS, new SplittableRandom(42));
    assertTrue(r.rate(Kind.ROLLBACK) <= ALPHA + MC3, r.toString());
    assertTrue(r.rate(Kind.ROLLBACK) + r.rate(Kind.PAUSE_FOR_HUMAN) <= ALPHA + MC3, "false stops: " + r);
    assertTrue(r.rate(Kind.PROMOTE) >= 0.9, "an equal candidate is promoted: " + r);
    assertEquals(RUNS, r.promoted() + r.rolledBack() + r.paused() + r.aborted() + r.undecided());
  }

  /**
   * A/A with a step that never ends on its own (minimum sample out of reach) and one metric: every pause is a
   * sample-ratio pause. Over 50 looks the default (anytime-valid) check keeps its level 0.001; the χ² check repeated
   * at every look does not.
   */
  @Test
  void defaultSampleRatioCheckKeepsItsLevelOverFiftyLooks() {
    int runs = 4000;
    StagePlan endless = StagePlan.builder().canaryPercent(StageLimits.minSample(1_000_000_000), 50).build();
    GateConfig.Builder b = GateConfig.builder(endless).metric(Guardrails.latency("latency_ms", 0.10, 5).build());
    Scenario aa = Scenario.of("A/A", UNITS, LOOKS,
        new MetricScenario("latency_ms", ArmModel.normal(100, 30), ArmModel.normal(100, 30)));
    GateConfig byDefault = b.build();
    assertEquals(GateConfig.SrmMethod.SEQUENTIAL, byDefault.srmMethod());
    SimulationReport seq = RolloutSimulator.of(byDefault, 0).run(aa, runs, new SplittableRandom(21));
    SimulationReport chi = RolloutSimulator.of(b.srmMethod(GateConfig.SrmMethod.CHI_SQUARE).build(), 0)
        .run(aa, runs, new SplittableRandom(21));
    double level = byDefault.srmAlpha();
    assertTrue(seq.rate(Kind.PAUSE_FOR_HUMAN) <= level + 3 * Math.sqrt(level * (1 - level) / runs), seq.toString());
    assertTrue(chi.rate(Kind.PAUSE_FOR_HUMAN) > 4 * level, "chi2 repeated at 50 looks: " + chi);
  }

  @Test
  void candidateAtTheToleranceIsRarelyPromoted() {
    // latency exactly 10% worse: the edge of acceptability; promoting it is the false promotion
    SimulationReport r = RolloutSimulator.of(canaryConfig(), 0).run(scenario("latency +10%", 0.01, 110, 200), RUNS, new SplittableRandom(7));
    assertTrue(r.rate(Kind.PROMOTE) <= ALPHA + MC3, r.toString());
  }

  @Test
  void twoPointRiseInUnsafeRateIsCaught() {
    // 1% -> 3%: power >= 0.95 (SE <= 0.006 at 1,500 runs); decided within a few thousand per arm
    SimulationReport r = RolloutSimulator.of(canaryConfig(), 0).run(scenario("unsafe +2pt", 0.03, 100, 200), RUNS, new SplittableRandom(8));
    assertTrue(r.rate(Kind.ROLLBACK) >= 0.95, r.toString());
    assertTrue(r.rate(Kind.PROMOTE) <= MC3, r.toString());
    assertTrue(r.meanSamplesPerArmToDecision() < 6000, "E[n/arm] " + r.meanSamplesPerArmToDecision());
  }

  @Test
  void lengthDriftOfOneAndAHalfIsCaught() {
    // a single NORMAL breach among three equally weighted groups scores 66.7 (> marginal 50): Kayenta's rule pauses
    // for a human rather than rolling back. Caught = stopped and not promoted.
    SimulationReport r = RolloutSimulator.of(canaryConfig(), 0).run(scenario("length x1.5", 0.01, 100, 300), RUNS, new SplittableRandom(9));
    assertTrue(r.rate(Kind.PAUSE_FOR_HUMAN) + r.rate(Kind.ROLLBACK) >= 0.95, r.toString());
    assertTrue(r.rate(Kind.PROMOTE) <= MC3, r.toString());
    assertTrue(r.meanLooksToDecision() < 5, "E[looks] " + r.meanLooksToDecision());
  }

  @Test
  void winRateOfFortyFivePercentIsCaughtInShadow() {
    StageLimits limits = StageLimits.minSample(200);
    StagePlan plan = StagePlan.builder().shadowPercent(10, limits).canaryPercent(limits, 5).build();
    GateConfig cfg = GateConfig.builder(plan).metric(Guardrails.winRate("win_rate", 0.0, 0.05).build()).build();
    Scenario aa = Scenario.of("win 0.5", 100, LOOKS,
        new MetricScenario("win_rate", ArmModel.bernoulli(0.5), ArmModel.bernoulli(0.5)));
    Scenario worse = Scenario.of("win 0.45", 100, LOOKS,
        new MetricScenario("win_rate", ArmModel.bernoulli(0.45), ArmModel.bernoulli(0.5)));
    SimulationReport bad = RolloutSimulator.of(cfg, 0).run(worse, RUNS, new SplittableRandom(10));
    // 5,000 judged prompts by the last look: power >= 0.9 (SE <= 0.008 at 1,500 runs)
    assertTrue(bad.rate(Kind.ROLLBACK) >= 0.9, bad.toString());
    assertTrue(bad.rate(Kind.PROMOTE) <= MC3, bad.toString());
    SimulationReport same = RolloutSimulator.of(cfg, 0).run(aa, RUNS, new SplittableRandom(11));
    // at exactly 0.5 with epsilon 0 the candidate is on the boundary: both errors bounded by alpha
    assertTrue(same.rate(Kind.ROLLBACK) <= ALPHA + MC3, same.toString());
    assertTrue(same.rate(Kind.PROMOTE) <= ALPHA + MC3, same.toString());
  }

  @Test
  void naiveFixedHorizonZPeekedAtEveryLookInflatesWhileTheGateWaitsForItsHorizon() {
    // Documented inflation: a one-sided z-test at 5% read at each of 50 looks rejects a true A/A null far more
    // often (about 25-30%; Statsig's die example, reference B.5).
    double naive = RolloutSimulator.peekingRejectionRate(FixedHorizonZTest.twoSample(UNITS * LOOKS),
        ArmModel.normal(100, 30), ArmModel.normal(100, 30), AcceptableRange.atMost(0), ALPHA, UNITS, LOOKS, RUNS, new SplittableRandom(12));
    double msprt = RolloutSimulator.peekingRejectionRate(MixtureSprt.twoSample(5),
        ArmModel.normal(100, 30), ArmModel.normal(100, 30), AcceptableRange.atMost(0), ALPHA, UNITS, LOOKS, RUNS, new SplittableRandom(12));
    assertTrue(naive >= 0.18, "naive peeking " + naive);
    assertTrue(msprt <= ALPHA + MC3, "mSPRT " + msprt);
    // The gate refuses to read the fixed-horizon test before its horizon, so its A/A false-rollback rate stays
    // at the single-look level.
    GateConfig cfg = canaryConfig(MetricSpec.builder("latency_ms", FixedHorizonZTest.twoSample(24_000))
        .relativeThreshold(0).absoluteTolerance(0).direction(dev.align4j.rollout.metric.Direction.DECREASE_IS_GOOD)
        .build());
    SimulationReport r = RolloutSimulator.of(cfg, 0).run(scenario("A/A fixed-horizon", 0.01, 100, 200), RUNS,
        new SplittableRandom(13));
    assertTrue(r.rate(Kind.ROLLBACK) + r.rate(Kind.PAUSE_FOR_HUMAN) <= ALPHA + MC3, "false stops: " + r);
  }

  @Test
  void sameSeedSameReport() {
    Scenario s = scenario("A/A", 0.01, 100, 200);
    assertEquals(RolloutSimulator.of(canaryConfig(), 0).run(s, 200, new SplittableRandom(99)),
        RolloutSimulator.of(canaryConfig(), 0).run(s, 200, new SplittableRandom(99)));
  }
}
