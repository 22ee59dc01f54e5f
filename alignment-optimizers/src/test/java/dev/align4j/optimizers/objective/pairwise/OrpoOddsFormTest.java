package dev.align4j.optimizers.objective.pairwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.optimizers.objective.internal.PairwiseKernels;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;

/**
 * ORPO's odds ratio is evaluated from A = expm1(−c̄), B = expm1(−r̄) (L = β·log1p(A/B), σ(−x) = A/(A + B)), with a
 * log-space fallback where A or B leaves the normal range. Both must equal the textbook log-space formula
 * x = (c̄ − r̄) − (log(1 − e^{c̄}) − log(1 − e^{r̄})), L = −β log σ(x), ∂L/∂c̄ = −βσ(−x)/(1 − e^{c̄}), on both kernel
 * paths, for mean log-probs from −1e-300 (odds of 1e300) to −1e4 (beyond e^{−709}, where A overflows).
 */
class OrpoOddsFormTest {

  private static double mean(Gen gen) {
    // mixes ordinary means with both extremes in one batch, so that fallback and fast lanes share vectors
    double u = gen.random().nextDouble();
    return u < 0.2 ? -Math.pow(10, gen.doubleIn(-300, -5)) : u < 0.4 ? -gen.doubleIn(600, 1e4) : -gen.doubleIn(1e-3, 8);
  }

  @Property(trials = 60)
  void oddsFormEqualsLogSpaceFormula(Gen gen) {
    int n = gen.intIn(1, 40);
    double beta = gen.doubleIn(0.05, 2);
    double[] c = new double[n];
    double[] r = new double[n];
    int[] lw = new int[n];
    int[] ll = new int[n];
    for (int i = 0; i < n; i++) {
      lw[i] = gen.intIn(1, 50);
      ll[i] = gen.intIn(1, 50);
      c[i] = mean(gen) * lw[i];
      r[i] = mean(gen) * ll[i];
    }
    PairwiseBatch b = PairwiseBatch.referenceFree(c, r, lw, ll);
    PairwiseLoss orpo = PairwiseLoss.builder(PairwiseLossType.ORPO).beta(beta).build();
    for (PairwiseKernels k : new PairwiseKernels[] {PairwiseKernels.scalar(), PairwiseKernels.active()}) {
      PairwiseResult res = orpo.withKernels(k).evaluate(b);
      for (int i = 0; i < n; i++) {
        double cm = c[i] / lw[i];
        double rm = r[i] / ll[i];
        double l1c = StableMath.log1mexp(cm);
        double l1r = StableMath.log1mexp(rm);
        double x = (cm - rm) - (l1c - l1r);
        double loss = -beta * StableMath.logSigmoid(x);
        double lsn = StableMath.logSigmoid(-x);
        double gc = -beta * Math.exp(lsn - l1c) / lw[i] / n;
        double gr = beta * Math.exp(lsn - l1r) / ll[i] / n;
        String at = k.name() + " c̄=" + cm + " r̄=" + rm;
        assertTrue(Double.isFinite(res.losses()[i]) && Double.isFinite(res.gradPolicyChosen()[i])
            && Double.isFinite(res.gradPolicyRejected()[i]), at);
        assertEquals(loss, res.losses()[i], 1e-12 * Math.abs(loss) + 1e-300, "loss " + at);
        assertEquals(gc, res.gradPolicyChosen()[i], 1e-12 * Math.abs(gc) + 1e-300, "∂/∂c " + at);
        assertEquals(gr, res.gradPolicyRejected()[i], 1e-12 * Math.abs(gr) + 1e-300, "∂/∂r " + at);
      }
    }
  }
}
