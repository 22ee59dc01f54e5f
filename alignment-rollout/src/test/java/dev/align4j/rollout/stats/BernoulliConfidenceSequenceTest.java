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

class BernoulliConfidenceSequenceTest {
  private final BernoulliConfidenceSequence cs = BernoulliConfidenceSequence.jeffreys();

  @Test
  void martingaleMatchesItsClosedForm() {
    // M = B(a+S, b+n-S) / (B(a,b) p0^S (1-p0)^(n-S)) with a = b = 1/2, S = 3, n = 10, p0 = 0.2
    // scipy: exp(betaln(3.5, 7.5) - betaln(0.5, 0.5)) / (0.2**3 * 0.8**7)
    double expected = 0.3251443558838219;
    assertEquals(Math.log(expected), cs.logMartingale(3, 10, 0.2), 1e-12);
  }

  @Property(trials = 60)
  void intervalEndsSitWhereTheMartingaleReachesOneOverAlpha(Gen gen) {
    int n = gen.intIn(1, 5000);
    int s = gen.intIn(0, n);
    double alpha = gen.doubleIn(0.001, 0.2);
    double[] ci = cs.interval(s, n, alpha);
    double phat = (double) s / n;
    assertTrue(ci[0] <= phat && phat <= ci[1], "contains p̂");
    if (ci[1] < 1) {
      assertEquals(Math.log(1 / alpha), cs.logMartingale(s, n, ci[1]), 1e-6);
    }
    if (ci[0] > 0) {
      assertEquals(Math.log(1 / alpha), cs.logMartingale(s, n, ci[0]), 1e-6);
    }
    // wider than the fixed-sample Clopper-Pearson interval at the same level: the price of anytime validity
    double[] cp = BinomialBounds.clopperPearson(s, n, alpha);
    assertTrue(ci[1] >= cp[1] - 1e-9 && ci[0] <= cp[0] + 1e-9, "CS must contain CP");
  }

  @Test
  void zeroEventsCertifyASmallRateEventually() {
    // after 0 events in n trials the upper bound falls roughly like ln(1/alpha)/n (times a log factor)
    double[] ci = cs.interval(0, 3000, 0.05);
    assertEquals(0, ci[0]);
    assertTrue(ci[1] < 0.003 && ci[1] > BinomialBounds.clopperPearsonUpper(0, 3000, 0.05), "upper " + ci[1]);
  }

  @Test
  void coverageHoldsOverFiftyLooks() {
    // P(exists look: true rate 0.02 outside the CS) <= alpha. Test as harm of "rate <= 0.02" when it is 0.02.
    // 1,000 runs of 50 looks of 200: SE <= 0.007 at 0.05, so allow 3 SE = 0.021.
    double err = RolloutSimulator.peekingRejectionRate(cs, ArmModel.bernoulli(0.02), ArmModel.bernoulli(0.02),
        AcceptableRange.atMost(0.02), 0.05, 200, 50, 1000, new SplittableRandom(5));
    assertTrue(err <= 0.05 + 0.021, "peeking error " + err);
    // read at every look, the fixed-horizon Clopper-Pearson bound errs more often
    double naive = RolloutSimulator.peekingRejectionRate(BinomialBoundTest.of(BinomialBoundTest.Method.WILSON, 1),
        ArmModel.bernoulli(0.02), ArmModel.bernoulli(0.02), AcceptableRange.atMost(0.02), 0.05, 200, 50, 1000, new SplittableRandom(5));
    assertTrue(naive > err + 0.05, "naive " + naive + " vs cs " + err);
  }

  @Test
  void ratesOutsideTheUnitIntervalAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cs.evaluate(ArmSummary.of(0.5, 3.0), null, AcceptableRange.atMost(0.1), 0.05));
    assertTrue(e.getMessage().contains("rate"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BernoulliConfidenceSequence.withPrior(0, 1));
  }
}
