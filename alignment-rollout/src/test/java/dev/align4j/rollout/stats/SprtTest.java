package dev.align4j.rollout.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.rollout.sim.ArmModel;
import dev.align4j.rollout.sim.RolloutSimulator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SprtTest {

  @Test
  void likelihoodRatioMatchesWald() {
    // est 0.3, V = 0.01 (sd 1, n 200 per arm), range <= 0.2, mde 0.2: good = 0, bad = 0.2
    // ln LR = ((0.3-0)^2 - (0.3-0.2)^2) / (2*0.01) = (0.09-0.01)/0.02 = 4
    ArmSummary c = ArmSummary.ofMoments(200, 0.3, 1);
    ArmSummary i = ArmSummary.ofMoments(200, 0.0, 1);
    TestResult r = Sprt.withIndifferenceZone(0.2).evaluate(c, i, AcceptableRange.atMost(0.2), 0.05);
    assertEquals(4, r.statistic(), 1e-12);
    assertEquals(Math.exp(-4), r.pHarm(), 1e-12);
    assertEquals(1, r.pAcceptable());
  }

  @Test
  void futilityStopsOnAGoodCandidateAndHarmOnABadOne() {
    // Monte-Carlo, 1,000 runs each, 50 looks of 100 per arm.
    Sprt t = Sprt.withIndifferenceZone(0.2);
    AcceptableRange range = AcceptableRange.atMost(0.2);
    double falseHarm = RolloutSimulator.peekingRejectionRate(t, ArmModel.normal(0, 1), ArmModel.normal(0, 1), range,
        0.05, 100, 50, 1000, new SplittableRandom(3));
    assertTrue(falseHarm <= 0.05 + 0.021, "false harm at theta_good " + falseHarm);
    double power = RolloutSimulator.peekingRejectionRate(t, ArmModel.normal(0.4, 1), ArmModel.normal(0, 1), range,
        0.05, 100, 50, 1000, new SplittableRandom(3));
    assertTrue(power >= 0.95, "power at 0.4 " + power);
  }
}
