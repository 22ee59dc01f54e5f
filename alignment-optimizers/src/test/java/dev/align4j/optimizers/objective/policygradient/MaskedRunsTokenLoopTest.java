package dev.align4j.optimizers.objective.policygradient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.Map;

/**
 * Multi-turn episodes (runs of policy tokens between tool results, a 0/1 mask) take the Vector API loop run by run;
 * it must agree with the general scalar loop, and masked tokens must keep gradient exactly 0.
 */
class MaskedRunsTokenLoopTest {

  private static PolicyGradientBatch episodes(Gen gen, boolean withReference) {
    int n = gen.intIn(1, 4);
    int[] lengths = new int[n];
    double[][] masks = new double[n][];
    int total = 0;
    for (int i = 0; i < n; i++) {
      double[] m = new double[gen.intIn(1, 300)];
      boolean policy = gen.bool();
      for (int t = 0; t < m.length; ) {
        int run = gen.intIn(1, 60);
        for (int k = 0; k < run && t < m.length; k++, t++) {
          m[t] = policy ? 1.0 : 0.0;
        }
        policy = !policy;
      }
      masks[i] = m;
      lengths[i] = m.length;
      total += m.length;
    }
    double[] mask = new double[total];
    double[] lp = new double[total];
    double[] old = new double[total];
    double[] ref = new double[total];
    double[] adv = new double[total];
    int t = 0;
    for (int i = 0; i < n; i++) {
      double a = gen.gaussian(0, 1);
      for (int k = 0; k < lengths[i]; k++, t++) {
        mask[t] = masks[i][k];
        lp[t] = gen.logProb(-20);
        old[t] = Math.min(0, lp[t] + gen.gaussian(0, gen.bool() ? 0.05 : 0.5));
        ref[t] = Math.min(0, lp[t] + gen.gaussian(0, 0.7));
        adv[t] = gen.bool() ? a : gen.gaussian(0, 1); // turn-level credit varies within an episode
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

  @Property(trials = 100)
  void runByRunVectorLoopAgreesWithTheScalarLoop(Gen gen) {
    boolean withKl = gen.bool();
    PolicyGradientBatch b = episodes(gen, withKl);
    GrpoLoss loss =
        GrpoLoss.builder()
            .lossType(
                gen.oneOf(
                    GrpoLoss.LossType.GRPO,
                    GrpoLoss.LossType.BNPO,
                    GrpoLoss.LossType.DR_GRPO,
                    GrpoLoss.LossType.DAPO))
            .epsilon(gen.uniform(0.05, 0.3))
            .beta(withKl ? gen.uniform(0, 0.2) : 0.0)
            .maxCompletionLength(512)
            .build();
    PolicyGradientResult scalar = loss.evaluate(b, false);
    PolicyGradientResult vector = loss.evaluate(b, true);
    assertEquals(
        scalar.loss(), vector.loss(), 1e-12 * Math.max(1, Math.abs(scalar.loss())), "loss");
    double[] mask = b.mask();
    for (int t = 0; t < mask.length; t++) {
      double g = scalar.gradLogProbs()[t];
      assertEquals(
          g, vector.gradLogProbs()[t], 1e-12 * Math.max(1e-3, Math.abs(g)), "grad[" + t + "]");
      if (mask[t] == 0.0) {
        assertEquals(0.0, vector.gradLogProbs()[t], "masked token " + t);
      }
    }
    for (Map.Entry<String, Double> m : scalar.metrics().entrySet()) {
      assertEquals(
          m.getValue(),
          vector.metrics().get(m.getKey()),
          1e-12 * Math.max(1, Math.abs(m.getValue())),
          m.getKey());
    }
    PpoLoss ppo = PpoLoss.builder().vfCoef(0).build();
    assertEquals(ppo.evaluate(b, false).loss(), ppo.evaluate(b, true).loss(), 1e-12);
  }
}
