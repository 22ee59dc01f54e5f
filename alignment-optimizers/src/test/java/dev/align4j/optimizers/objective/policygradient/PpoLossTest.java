package dev.align4j.optimizers.objective.policygradient;

import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.TV_LENGTHS;
import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.TV_LOGP;
import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.TV_OLD;
import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.near;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class PpoLossTest {
  // Per-token advantages, values, old values and returns on the TV10 tokens (numpy, see matchesNumpyVectors).
  private static final double[] ADV = {0.5, -0.2, 1.0, -1.0, 0.3, 0.2, 0.2, -0.4, 0.9, -0.6};
  private static final double[] V = {0.1, 0.4, -0.2, 0.0, 0.5, 0.3, -0.1, 0.2, 0.6, 0.25};
  private static final double[] V_OLD = {0.0, 0.1, -0.1, 0.3, 0.45, 0.3, 0.2, 0.2, 0.3, 0.8};
  private static final double[] G = {0.6, 0.2, -0.5, 0.1, 0.9, 0.0, 0.0, 0.4, 0.4, 0.2};

  private static PolicyGradientBatch batch() {
    return PolicyGradientBatch.builder().lengths(TV_LENGTHS).logProbs(TV_LOGP).oldLogProbs(TV_OLD).advantages(ADV)
        .values(V, G).oldValues(V_OLD).build();
  }

  @Test
  void matchesNumpyVectors() {
    // numpy, TRL PPOTrainer formulas (trl-objectives.md §10): pg = masked_mean(max(−Aρ, −A·clip(ρ))),
    // vf = ½·masked_mean(max((V−G)², (clip(V, V_old ± 0.2) − G)²)), loss = pg + 0.1·vf.
    PolicyGradientResult r = PpoLoss.builder().build().evaluate(batch());
    assertEquals(-0.06899107654904295, r.loss(), 1e-12);
    assertEquals(-0.07344107654904294, r.metric("loss/policy_avg"), 1e-12);
    assertEquals(0.0445, r.metric("loss/value_avg"), 1e-12);
    assertEquals(0.2, r.metric("policy/clipfrac_avg"), 1e-12);
    assertEquals(0.1, r.metric("val/clipfrac_avg"), 1e-12);
    assertEquals(0.025, r.metric("policy/approxkl_avg"), 1e-12);
    assertEquals(r.loss(), PolicyGradientTestSupport.mean(r.losses()), 1e-15);
    // the clipped value of the last token (V 0.25 → clipped to 0.6, further from G 0.2) has zero value gradient
    assertEquals(0.0, r.gradValues()[9], 0.0);
    assertEquals(0.1 * (0.1 - 0.6) / 10, r.gradValues()[0], 1e-15);
  }

  private static boolean policyKink(PpoLoss loss, PolicyGradientBatch b, int t) {
    double rho = Math.exp(b.logProbs()[t] - b.oldLogProbs()[t]);
    return near(rho, 1e-4, 1 - loss.cliprange(), 1 + loss.cliprange());
  }

  @Property(trials = 100)
  void gradientsMatchCentralDifferences(Gen gen) {
    PpoLoss loss = PpoLoss.builder().cliprange(gen.uniform(0.05, 0.4)).cliprangeValue(gen.uniform(0.05, 0.5))
        .vfCoef(gen.uniform(0, 1)).build();
    PolicyGradientBatch b = PolicyGradientTestSupport.randomBatch(gen, false);
    PolicyGradientTestSupport.checkLogProbGradient(loss, b, t -> policyKink(loss, b, t));
    PolicyGradientTestSupport.checkValueGradient(loss, b, t -> {
      double vo = b.oldValues()[t];
      double v = b.values()[t];
      double g = b.returns()[t];
      double vc = Math.min(Math.max(v, vo - loss.cliprangeValue()), vo + loss.cliprangeValue());
      // kinks: the clip edges and the switch between the two squared errors
      return near(v, 1e-4, vo - loss.cliprangeValue(), vo + loss.cliprangeValue())
          || Math.abs((v - g) * (v - g) - (vc - g) * (vc - g)) < 1e-4;
    });
  }

  @Property(trials = 50)
  void onPolicyGradientIsTheReinforceGradient(Gen gen) {
    // ρ = 1 and no value loss: ∂loss/∂logπ_t = −A_t·m_t / Σm, REINFORCE with the token-mean reduction.
    PolicyGradientBatch r = PolicyGradientTestSupport.randomBatch(gen, false);
    PolicyGradientBatch b = new PolicyGradientBatch(r.lengths(), r.logProbs(), r.logProbs(), null, r.advantages(),
        r.mask(), null, null, null, null);
    PolicyGradientResult res = PpoLoss.builder().vfCoef(0).build().evaluate(b);
    double total = 0;
    for (int t = 0; t < b.tokenCount(); t++) {
      total += b.maskAt(t);
    }
    for (int t = 0; t < b.tokenCount(); t++) {
      double expected = -b.advantages()[t] * b.maskAt(t) / Math.max(total, 1);
      assertEquals(expected, res.gradLogProbs()[t], 1e-15);
    }
    assertEquals(0.0, res.metric("policy/clipfrac_avg"), 0.0);
    assertNull(res.gradValues());
  }

  @Property(trials = 60)
  void lossDecreasesAlongTheNegativeGradient(Gen gen) {
    PpoLoss loss = PpoLoss.builder().cliprange(gen.uniform(0.05, 0.4)).vfCoef(gen.uniform(0, 1)).build();
    PolicyGradientBatch b = PolicyGradientTestSupport.randomBatch(gen, false);
    PolicyGradientResult r = loss.evaluate(b);
    double norm2 = 0;
    for (double g : r.gradLogProbs()) {
      norm2 += g * g;
    }
    for (double g : r.gradValues()) {
      norm2 += g * g;
    }
    if (norm2 < 1e-12) {
      return;
    }
    double step = 1e-4 / Math.sqrt(norm2);
    double[] lp = b.logProbs().clone();
    double[] v = b.values().clone();
    for (int t = 0; t < lp.length; t++) {
      lp[t] = Math.min(0.0, lp[t] - step * r.gradLogProbs()[t]);
      v[t] -= step * r.gradValues()[t];
    }
    PolicyGradientBatch moved = PolicyGradientTestSupport.withValues(PolicyGradientTestSupport.withLogProbs(b, lp), v);
    double after = loss.evaluate(moved).loss();
    assertTrue(after < r.loss(), "loss " + r.loss() + " -> " + after);
  }

  @Property(trials = 50)
  void equalsBnpoWithoutValueLoss(Gen gen) {
    double eps = gen.uniform(0.05, 0.4);
    PolicyGradientBatch b = PolicyGradientTestSupport.randomBatch(gen, gen.bool());
    PolicyGradientResult ppo = PpoLoss.builder().cliprange(eps).vfCoef(0).build().evaluate(b);
    PolicyGradientResult bnpo = GrpoLoss.builder().lossType(GrpoLoss.LossType.BNPO).epsilon(eps).build().evaluate(b);
    assertEquals(bnpo.loss(), ppo.loss(), 0.0);
    PolicyGradientTestSupport.assertArrayClose(bnpo.gradLogProbs(), ppo.gradLogProbs(), 0.0, "grad");
    assertEquals(bnpo.metric("clip_ratio/region_mean"), ppo.metric("policy/clipfrac_avg"), 1e-15);
  }

  @Property(trials = 50)
  void unclippedValueLossIsHalfTheMeanSquaredError(Gen gen) {
    PolicyGradientBatch r = PolicyGradientTestSupport.randomBatch(gen, false);
    PolicyGradientBatch b = new PolicyGradientBatch(r.lengths(), r.logProbs(), r.logProbs(), null,
        new double[r.tokenCount()], r.mask(), r.values(), null, r.returns(), null);
    PolicyGradientResult res = PpoLoss.builder().vfCoef(1).build().evaluate(b);
    double se = 0;
    double total = 0;
    for (int t = 0; t < b.tokenCount(); t++) {
      double d = b.values()[t] - b.returns()[t];
      se += b.maskAt(t) * d * d;
      total += b.maskAt(t);
    }
    assertEquals(0.5 * se / Math.max(total, 1), res.loss(), 1e-12);
    assertEquals(0.0, res.metric("val/clipfrac_avg"), 0.0);
  }

  @Test
  void rejectsMissingValuesAndBadHyperParameters() {
    PolicyGradientBatch noValues = PolicyGradientBatch.builder().lengths(1).logProbs(new double[] {-1})
        .advantages(new double[] {1}).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PpoLoss.builder().build().evaluate(noValues));
    assertTrue(e.getMessage().contains("values") && e.getMessage().contains("vf_coef"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PpoLoss.builder().cliprange(-0.1));
    assertTrue(e.getMessage().contains("cliprange") && e.getMessage().contains("-0.1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PpoLoss.builder().cliprangeValue(0));
    assertTrue(e.getMessage().contains("cliprange_value"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PpoLoss.builder().vfCoef(Double.NaN));
    assertTrue(e.getMessage().contains("vf_coef"), e.getMessage());
  }

  @Test
  void defaultsAreTrls() {
    PpoLoss d = PpoLoss.builder().build();
    assertEquals(0.2, d.cliprange());
    assertEquals(0.2, d.cliprangeValue());
    assertEquals(0.1, d.vfCoef());
  }
}
