package dev.align4j.optimizers.objective.policygradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.optimizers.objective.internal.PolicyGradientTokenLoop;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Vector API loop against the general scalar loop (tests run with the Vector API module added). */
class PolicyGradientTokenLoopTest {

  @Test
  void vectorLoopIsActiveWhenTheVectorApiIsUsable() {
    if (Kernels.vectorApiUsable()) {
      assertNotNull(PolicyGradientTokenLoop.active());
      assertTrue(PolicyGradientTokenLoop.active().name().startsWith("vector-api"));
    }
  }

  private static PolicyGradientBatch randomBatch(Gen gen, boolean withReference) {
    int n = gen.intIn(1, 5);
    int[] lengths = new int[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      lengths[i] = gen.random().nextInt(40);
      total += lengths[i];
    }
    double[] lp = new double[total];
    double[] old = new double[total];
    double[] ref = new double[total];
    double[] adv = new double[total];
    for (int t = 0; t < total; t++) {
      lp[t] = gen.logProb(-30);
      old[t] = Math.min(0, lp[t] + gen.gaussian(0, gen.bool() ? 0.05 : 0.5));
      // exercise both branches of k3: |x| below and above 1e-3
      ref[t] = Math.min(0, lp[t] + gen.gaussian(0, gen.bool() ? 1e-4 : 0.7));
      adv[t] = gen.random().nextInt(8) == 0 ? 0.0 : gen.gaussian(0, 1);
    }
    double[] mask = null;
    if (gen.bool()) {
      // per sequence: all ones (vector loop), all zeros, or mixed (general loop)
      mask = new double[total];
      int t = 0;
      for (int i = 0; i < n; i++) {
        int kind = gen.random().nextInt(3);
        for (int k = 0; k < lengths[i]; k++, t++) {
          mask[t] = kind == 0 ? 1.0 : kind == 1 ? 0.0 : gen.random().nextInt(2);
        }
      }
    }
    return PolicyGradientBatch.builder()
        .lengths(lengths)
        .logProbs(lp)
        .oldLogProbs(old)
        .referenceLogProbs(withReference ? ref : null)
        .advantages(adv)
        .mask(mask)
        .build();
  }

  private static void assertSame(PolicyGradientResult scalar, PolicyGradientResult vector) {
    double scale = 1e-12;
    assertEquals(
        scalar.loss(), vector.loss(), scale * Math.max(1, Math.abs(scalar.loss())), "loss");
    for (int i = 0; i < scalar.losses().length; i++) {
      assertEquals(
          scalar.losses()[i],
          vector.losses()[i],
          scale * Math.max(1, Math.abs(scalar.losses()[i])));
    }
    for (int t = 0; t < scalar.gradLogProbs().length; t++) {
      double g = scalar.gradLogProbs()[t];
      assertEquals(
          g, vector.gradLogProbs()[t], scale * Math.max(1e-3, Math.abs(g)), "grad[" + t + "]");
    }
    assertEquals(scalar.metrics().keySet(), vector.metrics().keySet());
    for (Map.Entry<String, Double> m : scalar.metrics().entrySet()) {
      assertEquals(
          m.getValue(),
          vector.metrics().get(m.getKey()),
          1e-12 * Math.max(1, Math.abs(m.getValue())),
          m.getKey());
    }
  }

  @Property(trials = 150)
  void vectorAndScalarLoopsAgree(Gen gen) {
    boolean withKl = gen.bool();
    PolicyGradientBatch b = randomBatch(gen, withKl);
    GrpoLoss.LossType type =
        gen.oneOf(
            GrpoLoss.LossType.GRPO,
            GrpoLoss.LossType.BNPO,
            GrpoLoss.LossType.DR_GRPO,
            GrpoLoss.LossType.DAPO);
    GrpoLoss loss =
        GrpoLoss.builder()
            .lossType(type)
            .epsilon(gen.uniform(0.05, 0.3))
            .epsilonHigh(gen.uniform(0.05, 0.3))
            .beta(withKl ? gen.uniform(0, 0.2) : 0.0)
            .maxCompletionLength(64)
            .build();
    assertSame(loss.evaluate(b, false), loss.evaluate(b, true));
    PpoLoss ppo = PpoLoss.builder().vfCoef(0).cliprange(gen.uniform(0.05, 0.3)).build();
    assertSame(ppo.evaluate(b, false), ppo.evaluate(b, true));
  }

  @Property(trials = 100)
  void vectorAndScalarLoopsAgreeWithSequenceRatios(Gen gen) {
    boolean withKl = gen.bool();
    PolicyGradientBatch b = randomBatch(gen, withKl);
    // vespo has no sequence level; luspo has no KL term (GrpoLoss refuses both)
    GrpoLoss.LossType type =
        gen.oneOf(
            GrpoLoss.LossType.GRPO,
            GrpoLoss.LossType.BNPO,
            GrpoLoss.LossType.DR_GRPO,
            GrpoLoss.LossType.DAPO,
            GrpoLoss.LossType.CISPO,
            GrpoLoss.LossType.SAPO,
            GrpoLoss.LossType.LUSPO);
    GrpoLoss gspo =
        GrpoLoss.gspo()
            .epsilon(gen.uniform(0, 0.3))
            .epsilonHigh(gen.uniform(0, 0.3))
            .beta(withKl && type != GrpoLoss.LossType.LUSPO ? gen.uniform(0, 0.2) : 0.0)
            .lossType(type)
            .epsilonHigh(0.25)
            .maxCompletionLength(64)
            .build();
    if (gspo.lossType() == GrpoLoss.LossType.CISPO || gspo.lossType() == GrpoLoss.LossType.SAPO) {
      gspo = GrpoLoss.gspo().beta(withKl ? 0.05 : 0.0).build();
    }
    assertSame(gspo.evaluate(b, false), gspo.evaluate(b, true));
    RlooLoss rloo = RlooLoss.builder().epsilon(gen.uniform(0.05, 0.3)).build();
    assertSame(rloo.evaluate(b, false), rloo.evaluate(b, true));
  }

  @Test
  void overflowFallsBackToTheGeneralLoopWhichNamesTheToken() {
    double[] lp = new double[20];
    double[] old = new double[20];
    java.util.Arrays.fill(lp, -1);
    java.util.Arrays.fill(old, -1);
    old[13] = -900;
    PolicyGradientBatch b =
        PolicyGradientBatch.builder()
            .lengths(20)
            .logProbs(lp)
            .oldLogProbs(old)
            .advantages(new double[20])
            .build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> GrpoLoss.builder().build().evaluate(b, true));
    assertTrue(e.getMessage().contains("token 13"), e.getMessage());
    double[] ref = new double[20];
    java.util.Arrays.fill(ref, -1);
    lp[17] = -500;
    old[13] = -1;
    old[17] = -500;
    PolicyGradientBatch k =
        PolicyGradientBatch.builder()
            .lengths(20)
            .logProbs(lp)
            .oldLogProbs(old)
            .referenceLogProbs(ref)
            .advantages(new double[20])
            .build();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GrpoLoss.builder().beta(0.1).build().evaluate(k, true));
    assertTrue(
        e.getMessage().contains("token 17") && e.getMessage().contains("reference"),
        e.getMessage());
  }
}
