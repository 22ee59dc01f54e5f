package dev.align4j.optimizers.objective.policygradient;

import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.TV_LENGTHS;
import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.TV_LOGP;
import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.TV_OLD;
import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.TV_REF;
import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.near;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.optimizers.advantage.RlooAdvantages;
import dev.align4j.optimizers.kl.KlEstimator;
import dev.align4j.optimizers.kl.KlRewardShaping;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class RlooLossTest {

  @Test
  void matchesTrlVectorsTv11() {
    double[] shaped = KlRewardShaping.sequenceRewards(new double[] {1, 0, 0.5, 0}, TV_LENGTHS, TV_OLD, TV_REF, null,
        KlEstimator.K1, 0.05);
    PolicyGradientTestSupport.assertArrayClose(new double[] {0.98, -0.01, 0.51, -0.015}, shaped, 1e-12, "shaped");
    double[] adv = RlooAdvantages.builder().build().compute(shaped, 4);
    PolicyGradientTestSupport.assertArrayClose(new double[] {0.818333, -0.501667, 0.191667, -0.508333}, adv, 5e-7,
        "A");
    PolicyGradientBatch b = PolicyGradientBatch.builder().lengths(TV_LENGTHS).logProbs(TV_LOGP).oldLogProbs(TV_OLD)
        .sequenceAdvantages(adv).build();
    PolicyGradientResult r = RlooLoss.builder().build().evaluate(b);
    assertEquals(-0.020650, r.loss(), 5e-7);
    // sequence ratios [0.818731 0.818731 1.349859 0.606531]: seq 3 (A < 0, ρ < 0.8) and seq 2 (A > 0, ρ > 1.2) clip
    assertEquals(0.25, r.metric("clip_ratio/low_mean"), 1e-15);
    assertEquals(0.25, r.metric("clip_ratio/high_mean"), 1e-15);
  }

  @Property(trials = 100)
  void gradientMatchesCentralDifference(Gen gen) {
    double eps = gen.uniform(0.05, 0.4);
    RlooLoss loss = RlooLoss.builder().epsilon(eps).epsilonHigh(gen.uniform(0.05, 0.4)).build();
    PolicyGradientBatch b = PolicyGradientTestSupport.randomBatch(gen, true);
    double[] ratios = PolicyGradientTestSupport.sequenceRatios(b, false);
    int[] seq = PolicyGradientTestSupport.sequenceOf(b);
    PolicyGradientTestSupport.checkLogProbGradient(loss, b,
        t -> near(ratios[seq[t]], 1e-4, 1 - loss.epsilon(), 1 + loss.epsilonHigh()));
  }

  @Property(trials = 50)
  void onPolicyGradientIsReinforceWithTheSequenceAdvantage(Gen gen) {
    // ρ_i = 1: ∂loss/∂logπ_t = −A_i·m_t / N (REINFORCE on the summed sequence log-probability, batch mean).
    PolicyGradientBatch r = PolicyGradientTestSupport.randomBatch(gen, true);
    PolicyGradientBatch b = new PolicyGradientBatch(r.lengths(), r.logProbs(), r.logProbs(), null, r.advantages(),
        r.mask(), null, null, null, null);
    PolicyGradientResult res = RlooLoss.builder().build().evaluate(b);
    int n = b.sequenceCount();
    int[] seq = PolicyGradientTestSupport.sequenceOf(b);
    double[] seqMask = new double[n];
    for (int t = 0; t < seq.length; t++) {
      seqMask[seq[t]] += b.maskAt(t);
    }
    for (int t = 0; t < b.tokenCount(); t++) {
      // each sequence's loss counts once (weight Σm/max(Σm, 1): 1 for 0/1 masks with an active token)
      double s = seqMask[seq[t]];
      double expected = -b.advantages()[t] * b.maskAt(t) * s / Math.max(s, 1.0) / n;
      assertEquals(expected, res.gradLogProbs()[t], 1e-14 * Math.abs(expected) + 1e-16, "token " + t);
    }
  }
}
