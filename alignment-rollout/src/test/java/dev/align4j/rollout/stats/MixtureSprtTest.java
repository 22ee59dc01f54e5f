package dev.align4j.rollout.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.rollout.sim.ArmModel;
import dev.align4j.rollout.sim.RolloutSimulator;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixtureSprtTest {

  @Test
  void boundaryMatchesJohariEtAlClosedForm() {
    // V = 1 (e.g. sd 10, n 100), tau^2 = 1, alpha = 0.05:
    // half-width = sqrt(V(V+tau^2)/tau^2 * (2 ln(1/alpha) + ln((V+tau^2)/V))) = sqrt(2 (2 ln 20 + ln 2)) = 3.656395
    ArmSummary c = ArmSummary.ofMoments(100, 0, 10);
    TestResult r = MixtureSprt.oneSample(1).withMinSamples(2).evaluate(c, null, AcceptableRange.atMost(5), 0.05);
    assertEquals(3.656395, r.upper(), 1e-6);
    assertEquals(-3.656395, r.lower(), 1e-6);
  }

  @Property(trials = 200)
  void pValueAtTheIntervalEndIsAlpha(Gen gen) {
    double sd = gen.doubleIn(0.1, 5);
    long n = gen.intIn(10, 100_000);
    double tau = gen.doubleIn(0.01, 2);
    double alpha = gen.doubleIn(0.001, 0.2);
    double mean = gen.doubleIn(-1, 1);
    ArmSummary c = ArmSummary.ofMoments(n, mean, sd);
    MixtureSprt t = MixtureSprt.oneSample(tau);
    TestResult r = t.evaluate(c, null, AcceptableRange.atMost(0), alpha);
    double v = sd * sd / n;
    assertEquals(alpha, MixtureSprt.pAt(mean, r.upper(), v, tau * tau), 1e-9 * Math.max(1, alpha));
    assertEquals(alpha, MixtureSprt.pAt(mean, r.lower(), v, tau * tau), 1e-9 * Math.max(1, alpha));
    // harm is shown at level alpha exactly when the range lies wholly below the interval
    if (r.lower() > 1e-9) {
      assertTrue(r.pHarm() <= alpha, "interval above the range must show harm");
    } else if (r.lower() < -1e-9) {
      assertTrue(r.pHarm() > alpha, "interval touching the range must not show harm");
    }
  }

  @Property(trials = 100)
  void pValuesShrinkAsTheEffectGrows(Gen gen) {
    long n = gen.intIn(50, 5000);
    double d1 = gen.doubleIn(0.01, 1);
    double d2 = d1 + gen.doubleIn(0.01, 1);
    MixtureSprt t = MixtureSprt.twoSample(0.2);
    ArmSummary inc = ArmSummary.ofMoments(n, 0, 1);
    double p1 = t.evaluate(ArmSummary.ofMoments(n, d1, 1), inc, AcceptableRange.atMost(0), 0.05).pHarm();
    double p2 = t.evaluate(ArmSummary.ofMoments(n, d2, 1), inc, AcceptableRange.atMost(0), 0.05).pHarm();
    assertTrue(p2 <= p1, "larger effect, smaller p: " + p1 + " vs " + p2);
    assertTrue(p1 >= 0 && p1 <= 1);
  }

  @Test
  void symmetricUnderSwappingArmsAndDirection() {
    ArmSummary a = ArmSummary.ofMoments(400, 1.3, 2);
    ArmSummary b = ArmSummary.ofMoments(380, 1.0, 1.5);
    MixtureSprt t = MixtureSprt.twoSample(0.3);
    TestResult ab = t.evaluate(a, b, AcceptableRange.atMost(0.1), 0.05);
    TestResult ba = t.evaluate(b, a, AcceptableRange.atLeast(-0.1), 0.05);
    assertEquals(ab.pHarm(), ba.pHarm(), 1e-15);
    assertEquals(ab.estimate(), -ba.estimate(), 1e-15);
    assertEquals(ab.upper(), -ba.lower(), 1e-12);
  }

  @Test
  void showsNothingBelowTheMinimumSampleOrWithoutVariance() {
    MixtureSprt t = MixtureSprt.twoSample(0.1);
    TestResult r = t.evaluate(ArmSummary.ofMoments(5, 10, 1), ArmSummary.ofMoments(5, 0, 1), AcceptableRange.atMost(0),
        0.05);
    assertEquals(1, r.pHarm());
    assertEquals(1, r.pAcceptable());
    TestResult constant = t.evaluate(ArmSummary.ofMoments(100, 1, 0), ArmSummary.ofMoments(100, 0, 0),
        AcceptableRange.atMost(0), 0.05);
    assertEquals(1, constant.pHarm(), "zero variance must not be infinite evidence");
  }

  @Test
  void ratesWithZeroEventsStillHaveVariance() {
    MixtureSprt t = MixtureSprt.forRates(0.01);
    TestResult r = t.evaluate(ArmSummary.ofRate(0, 5000), ArmSummary.ofRate(0, 5000), AcceptableRange.atMost(0.01),
        0.05);
    assertTrue(r.pAcceptable() < 0.05, "0/5000 vs 0/5000 shows the rise is below 1pt: " + r);
    assertEquals(1, r.pHarm());
  }

  @Test
  void anytimeValidUnderFiftyLooksWhileNaiveZInflates() {
    // A/A, 50 looks of 100 per arm. Monte-Carlo: 2,000 runs, standard error <= 0.011 at p = 0.25.
    ArmModel same = ArmModel.normal(0, 1);
    double msprt = RolloutSimulator.peekingRejectionRate(MixtureSprt.twoSample(0.2), same, same,
        AcceptableRange.atMost(0), 0.05, 100, 50, 2000, new SplittableRandom(11));
    double naive = RolloutSimulator.peekingRejectionRate(FixedHorizonZTest.twoSample(5000), same, same,
        AcceptableRange.atMost(0), 0.05, 100, 50, 2000, new SplittableRandom(11));
    // msprt one-sided false harm <= alpha (+3 SE = 0.015)
    assertTrue(msprt <= 0.05 + 0.015, "mSPRT peeking error " + msprt);
    // the one-sided fixed-horizon z-test read at each of 50 looks errs far more than its nominal 5%
    assertTrue(naive >= 0.15, "naive z peeking error " + naive);
  }

  @Test
  void badInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MixtureSprt.twoSample(-1));
    assertTrue(e.getMessage().contains("tau"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MixtureSprt.twoSample(Double.NaN));
    assertThrows(NullPointerException.class, () -> MixtureSprt.twoSample(1).evaluate(ArmSummary.of(1, 2), null,
        AcceptableRange.atMost(0), 0.05));
    assertThrows(IllegalArgumentException.class, () -> MixtureSprt.twoSample(1).evaluate(ArmSummary.of(1, 2),
        ArmSummary.of(1, 2), AcceptableRange.atMost(0), 0));
  }
}
