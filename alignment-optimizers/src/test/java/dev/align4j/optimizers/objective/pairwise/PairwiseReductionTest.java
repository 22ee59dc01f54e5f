package dev.align4j.optimizers.objective.pairwise;

import static dev.align4j.optimizers.objective.pairwise.PairwiseTestSupport.cfg;
import static dev.align4j.optimizers.objective.pairwise.PairwiseTestSupport.randomBatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.optimizers.objective.internal.PairwiseKernels;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.Arrays;
import java.util.Map;

/** Limits and reductions between pairwise objectives (each compared over random batches). */
class PairwiseReductionTest {

  private static void assertSame(PairwiseObjective expected, PairwiseObjective actual, PairwiseBatch b, double tol) {
    PairwiseResult e = expected.evaluate(b);
    PairwiseResult a = actual.evaluate(b);
    assertEquals(e.loss(), a.loss(), tol * Math.max(1, Math.abs(e.loss())), actual + " vs " + expected);
    for (int i = 0; i < b.size(); i++) {
      assertEquals(e.losses()[i], a.losses()[i], tol * Math.max(1, Math.abs(e.losses()[i])), "losses[" + i + "]");
      assertEquals(e.gradPolicyChosen()[i], a.gradPolicyChosen()[i],
          tol * Math.max(1e-3, Math.abs(e.gradPolicyChosen()[i])), "gradPolicyChosen[" + i + "]");
      assertEquals(e.gradPolicyRejected()[i], a.gradPolicyRejected()[i],
          tol * Math.max(1e-3, Math.abs(e.gradPolicyRejected()[i])), "gradPolicyRejected[" + i + "]");
    }
  }

  private static PairwiseBatch unitLengths(PairwiseBatch b) {
    int[] ones = new int[b.size()];
    Arrays.fill(ones, 1);
    return new PairwiseBatch(b.policyChosen(), b.policyRejected(), b.referenceChosen(), b.referenceRejected(), ones,
        ones.clone());
  }

  @Property(trials = 50)
  void dpoFamilyReducesToSigmoid(Gen gen) {
    PairwiseBatch b = randomBatch(gen, gen.intIn(1, 10), -80, -0.1, 40, true);
    double beta = gen.doubleIn(0.01, 2);
    PairwiseLoss sigmoid = PairwiseLoss.dpo(beta);
    // robust and cDPO at ε = 0
    assertSame(sigmoid, PairwiseLoss.builder(PairwiseLossType.ROBUST).beta(beta).build(), b, 1e-12);
    assertSame(sigmoid, PairwiseLoss.builder(PairwiseLossType.CDPO).beta(beta).build(), b, 1e-12);
    // f-DPO with reverse KL, and α-divergence at α = 1 (TRL's fallback to the log-ratio)
    assertSame(sigmoid, PairwiseLoss.builder(PairwiseLossType.SIGMOID).beta(beta)
        .fDivergence(FDivergence.REVERSE_KL).build().withKernels(PairwiseKernels.scalar()), b, 1e-12);
    assertSame(sigmoid, PairwiseLoss.builder(PairwiseLossType.SIGMOID).beta(beta)
        .fDivergence(FDivergence.ALPHA_DIVERGENCE).fAlphaDivergenceCoef(1.0).build(), b, 1e-12);
    // R-DPO at α = 0, DPOP at λ = 0, β-DPO at α = 0, LD-DPO on plain sums
    assertSame(sigmoid, PairwiseLoss.builder(PairwiseLossType.R_DPO).beta(beta).rdpoAlpha(0).build(), b, 1e-12);
    assertSame(sigmoid, PairwiseLoss.builder(PairwiseLossType.DPOP).beta(beta).dpopLambda(0).build(), b, 1e-12);
    assertSame(sigmoid, PairwiseLoss.builder(PairwiseLossType.BETA_DPO).beta(beta).betaDpoAlpha(0).build(), b,
        1e-12);
    assertSame(sigmoid, PairwiseLoss.builder(PairwiseLossType.LD_DPO).beta(beta).ldAlpha(1).build(), b, 1e-12);
    // sigmoid_norm with unit lengths; a weighted combination with a zero-weight second term
    assertSame(sigmoid, PairwiseLoss.builder(PairwiseLossType.SIGMOID_NORM).beta(beta).build(), unitLengths(b),
        1e-12);
    assertSame(sigmoid, Objectives.pairwise("sigmoid,sft", cfg("beta", beta, "loss_weights", "1,0")), b, 1e-12);
  }

  @Property(trials = 30)
  void dpopPenaltyVanishesWhenThePolicyBeatsTheReferenceOnTheChosen(Gen gen) {
    PairwiseBatch b = randomBatch(gen, gen.intIn(1, 8), -80, -0.1, 40, true);
    double[] c = b.policyChosen().clone();
    for (int i = 0; i < c.length; i++) {
      c[i] = Math.min(0, Math.max(c[i], b.referenceChosen()[i] + 0.01)); // ℓ_w > 0 (or c at 0)
    }
    PairwiseBatch above = new PairwiseBatch(c, b.policyRejected(), b.referenceChosen(), b.referenceRejected(),
        b.chosenLengths(), b.rejectedLengths());
    double beta = gen.doubleIn(0.01, 1);
    assertSame(PairwiseLoss.dpo(beta), PairwiseLoss.builder(PairwiseLossType.DPOP).beta(beta).build(), above, 1e-12);
  }

  @Property(trials = 50)
  void referenceFreeReductions(Gen gen) {
    PairwiseBatch b = randomBatch(gen, gen.intIn(1, 10), -80, -0.1, 40, true);
    PairwiseBatch free = PairwiseBatch.referenceFree(b.policyChosen(), b.policyRejected(), b.chosenLengths(),
        b.rejectedLengths());
    double beta = gen.doubleIn(0.01, 2);
    // reference_free sigmoid = the same batch without a reference = CPO's sigmoid without NLL
    PairwiseLoss refFree = PairwiseLoss.builder(PairwiseLossType.SIGMOID).beta(beta).referenceFree(true).build();
    assertSame(PairwiseLoss.dpo(beta), refFree, free, 1e-12);
    assertSame(refFree, PairwiseLoss.builder(PairwiseLossType.CPO).beta(beta).build(), b, 1e-12);
    assertSame(Objectives.pairwise("ipo", cfg("beta", beta, "reference_free", true)),
        PairwiseLoss.builder(PairwiseLossType.CPO_IPO).beta(beta).build(), b, 1e-10);
    // AlphaPO at α = 0 is SimPO; SimPO with γ = 0 on unit lengths is CPO's sigmoid
    assertSame(PairwiseLoss.builder(PairwiseLossType.SIMPO).beta(beta).build(),
        PairwiseLoss.builder(PairwiseLossType.ALPHAPO).beta(beta).alpha(0).build(), b, 1e-12);
    assertSame(PairwiseLoss.builder(PairwiseLossType.CPO).beta(beta).build(),
        PairwiseLoss.builder(PairwiseLossType.SIMPO).beta(beta).simpoGamma(0).build(), unitLengths(b), 1e-12);
    // AlphaPO tends to SimPO as α → 0
    PairwiseResult small = PairwiseLoss.builder(PairwiseLossType.ALPHAPO).beta(beta).alpha(1e-7).build().evaluate(b);
    PairwiseResult simpo = PairwiseLoss.builder(PairwiseLossType.SIMPO).beta(beta).build().evaluate(b);
    assertEquals(simpo.loss(), small.loss(), 1e-4 * Math.max(1, simpo.loss()));
  }

  @Property(trials = 50)
  void ipoPaperFormEqualsTrlFormOnUnitLengths(Gen gen) {
    PairwiseBatch b = unitLengths(randomBatch(gen, gen.intIn(1, 10), -80, -0.1, 40, true));
    double beta = gen.doubleIn(0.01, 2);
    assertSame(PairwiseLoss.builder(PairwiseLossType.IPO).beta(beta).build(),
        PairwiseLoss.builder(PairwiseLossType.IPO).beta(beta).ipoLengthNormalization(false).build(), b, 1e-12);
  }

  @Property(trials = 50)
  void aotOnOnePairIsLabelSmoothedSigmoid(Gen gen) {
    PairwiseBatch b = randomBatch(gen, 1, -80, -0.1, 40, true);
    double beta = gen.doubleIn(0.01, 2);
    double eps = gen.doubleIn(0, 0.4);
    PairwiseLoss cdpo = PairwiseLoss.builder(PairwiseLossType.CDPO).beta(beta).labelSmoothing(eps).build();
    assertSame(cdpo, PairwiseLoss.builder(PairwiseLossType.AOT).beta(beta).labelSmoothing(eps).build(), b, 1e-12);
    assertSame(cdpo, PairwiseLoss.builder(PairwiseLossType.AOT_UNPAIRED).beta(beta).labelSmoothing(eps).build(), b,
        1e-12);
  }

  @Property(trials = 30)
  void aotIsInvariantToPermutingPairs(Gen gen) {
    PairwiseBatch b = randomBatch(gen, gen.intIn(2, 10), -80, -0.1, 40, true);
    PairwiseBatch rev = reversed(b);
    for (PairwiseLossType t : new PairwiseLossType[] {PairwiseLossType.AOT, PairwiseLossType.AOT_UNPAIRED}) {
      PairwiseLoss aot = PairwiseLoss.builder(t).beta(0.3).build();
      PairwiseResult x = aot.evaluate(b);
      PairwiseResult y = aot.evaluate(rev);
      assertEquals(x.loss(), y.loss(), 1e-12);
      int n = b.size();
      for (int i = 0; i < n; i++) {
        assertEquals(x.gradPolicyChosen()[i], y.gradPolicyChosen()[n - 1 - i], 1e-15);
        assertEquals(x.gradPolicyRejected()[i], y.gradPolicyRejected()[n - 1 - i], 1e-15);
      }
    }
  }

  private static PairwiseBatch reversed(PairwiseBatch b) {
    int n = b.size();
    double[][] arrays = {b.policyChosen(), b.policyRejected(), b.referenceChosen(), b.referenceRejected()};
    double[][] out = new double[4][n];
    int[] lc = new int[n];
    int[] lr = new int[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 4; k++) {
        out[k][i] = arrays[k][n - 1 - i];
      }
      lc[i] = b.chosenLengths()[n - 1 - i];
      lr[i] = b.rejectedLengths()[n - 1 - i];
    }
    return PairwiseBatch.of(out[0], out[1], out[2], out[3], lc, lr);
  }

  @Property(trials = 30)
  void combinationIsTheWeightedSumOfItsTerms(Gen gen) {
    PairwiseBatch b = randomBatch(gen, gen.intIn(1, 10), -80, -0.1, 40, true);
    double w1 = gen.doubleIn(-1, 2);
    double w2 = gen.doubleIn(-1, 2);
    PairwiseObjective combo = Objectives.pairwise("ipo,nca_pair", cfg("loss_weights", new double[] {w1, w2}));
    PairwiseResult a = Objectives.pairwise("ipo", Map.of()).evaluate(b);
    PairwiseResult c = Objectives.pairwise("nca_pair", Map.of()).evaluate(b);
    PairwiseResult r = combo.evaluate(b);
    assertEquals(w1 * a.loss() + w2 * c.loss(), r.loss(), 1e-10 * Math.max(1, Math.abs(r.loss())));
    double[] expected = new double[b.size()];
    for (int i = 0; i < b.size(); i++) {
      expected[i] = w1 * a.gradPolicyChosen()[i] + w2 * c.gradPolicyChosen()[i];
    }
    assertArrayEquals(expected, r.gradPolicyChosen(), 1e-10);
    if (w1 != 0) {
      assertEquals(a.loss(), r.metric("loss/ipo"), 1e-10 * Math.max(1, a.loss()));
    }
  }

  @Property(trials = 30)
  void sftIsTheTokenMeanNll(Gen gen) {
    PairwiseBatch b = randomBatch(gen, gen.intIn(1, 10), -80, -0.1, 40, false);
    PairwiseResult r = Objectives.pairwise("sft", Map.of()).evaluate(b);
    double s = 0;
    long t = 0;
    for (int i = 0; i < b.size(); i++) {
      s += b.policyChosen()[i];
      t += b.chosenLengths()[i];
    }
    assertEquals(-s / t, r.loss(), 1e-12 * Math.max(1, r.loss()));
    for (int i = 0; i < b.size(); i++) {
      assertEquals(-1.0 / t, r.gradPolicyChosen()[i], 1e-15);
      assertEquals(0.0, r.gradPolicyRejected()[i], 0.0);
    }
  }

  /** Small arrays with many ties, and large ones shaped to hit every path of the bucketed sort. */
  @Property(trials = 80)
  void argsortIsAStableSort(Gen gen) {
    int n = gen.intIn(0, gen.bool() ? 40 : 3000);
    String shape = gen.oneOf("ties", "uniform", "cluster+outlier", "equal", "signed zeros", "huge range");
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      switch (shape) {
        case "ties":
          v[i] = gen.bool() ? gen.intIn(-3, 3) : gen.uniform(-5, 5);
          break;
        case "uniform":
          v[i] = gen.uniform(-5, 5);
          break;
        case "cluster+outlier": // nearly everything in one bucket: the merge-sort path
          v[i] = i == n / 2 ? 1e6 : gen.uniform(0, 1e-3);
          break;
        case "equal":
          v[i] = 2.5;
          break;
        case "signed zeros":
          v[i] = gen.oneOf(0.0, -0.0, 1.0, -1.0);
          break;
        default: // max − min overflows: the fallback path
          v[i] = gen.bool() ? 1.5e308 : -1.5e308 * gen.uniform(0, 1);
          break;
      }
    }
    int[] p = PairwiseLoss.argsort(v);
    Integer[] expected = new Integer[n];
    for (int i = 0; i < n; i++) {
      expected[i] = i;
    }
    java.util.Arrays.sort(expected, (a, b) -> Double.compare(v[a], v[b]));
    for (int i = 0; i < n; i++) {
      assertEquals(expected[i].intValue(), p[i], shape + ": position " + i);
    }
  }
}
