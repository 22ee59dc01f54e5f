package dev.align4j.optimizers.objective.pairwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.optimizers.objective.pairwise.CombinedPairwiseLoss;
import dev.align4j.optimizers.objective.pairwise.PairwiseLoss;
import dev.align4j.optimizers.objective.pairwise.PairwiseLossType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A TRL config ported to {@link Objectives#pairwise} means what it means in TRL: CPOConfig's defaults
 * ({@code cpo_alpha} = 1.0, {@code alpha} = 0.0, {@code alphapo} = simpo with {@code cpo_alpha} forced to 0) and the
 * metrics of the trainer that owns each loss type (CPO/ORPO: β × the log-probabilities the loss uses, length-averaged
 * for simpo, ipo and ORPO). Expected values come from {@code src/test/python/trl_config_porting.py} (numpy, written
 * from TRL's formulas), not from this library.
 */
class TrlConfigPortingTest {
  private static final double TOL = 1e-12;

  /** Reference-free, unequal lengths: summed and averaged log-probs order pair 3 differently. */
  private static PairwiseBatch batch() {
    return PairwiseBatch.referenceFree(new double[] {-8, -11, -6}, new double[] {-10, -10, -3},
        new int[] {16, 10, 6}, new int[] {10, 10, 2});
  }

  private static void assertMetrics(PairwiseResult r, double chosen, double rejected, double accuracy,
      double logpChosen, double logpRejected, String what) {
    assertEquals(chosen, r.metric("rewards/chosen"), TOL, what + " rewards/chosen");
    assertEquals(rejected, r.metric("rewards/rejected"), TOL, what + " rewards/rejected");
    assertEquals(chosen - rejected, r.metric("rewards/margins"), TOL, what + " rewards/margins");
    assertEquals(accuracy, r.metric("rewards/accuracies"), TOL, what + " rewards/accuracies");
    assertEquals(logpChosen, r.metric("logps/chosen"), TOL, what + " logps/chosen");
    assertEquals(logpRejected, r.metric("logps/rejected"), TOL, what + " logps/rejected");
  }

  @Test
  void simpoIsCpoSimpoByDefaultAsInTrl() {
    PairwiseResult r = Objectives.pairwise("simpo", Map.of("beta", 2.0, "simpo_gamma", 0.5)).evaluate(batch());
    assertEquals(1.4650300057485572, r.loss(), TOL, "SimPO + cpo_alpha (1.0) · NLL");
    assertEquals(0.6837800057485571, r.metric("loss/simpo"), TOL);
    assertEquals(0.78125, r.metric("loss/sft"), TOL);
    assertEquals(0.78125, r.metric("nll_loss"), TOL);
    PairwiseResult paper =
        Objectives.pairwise("simpo", Map.of("beta", 2.0, "simpo_gamma", 0.5, "cpo_alpha", 0)).evaluate(batch());
    assertEquals(0.6837800057485571, paper.loss(), TOL, "cpo_alpha 0: the SimPO paper's loss");
  }

  @Test
  void simpoRewardsAreBetaTimesTheAveragedLogProbs() {
    PairwiseResult r = Objectives.pairwise("simpo", Map.of("beta", 2.0)).evaluate(batch());
    // β·c̄ and β·r̄; the accuracy of the averaged log-probs is 2/3 where the summed ones would give 1/3
    assertMetrics(r, -1.7333333333333334, -2.3333333333333335, 2.0 / 3, -0.8666666666666667, -1.1666666666666667,
        "simpo");
    PairwiseResult typed = PairwiseLoss.builder(PairwiseLossType.SIMPO).beta(2.0).build().evaluate(batch());
    assertMetrics(typed, -1.7333333333333334, -2.3333333333333335, 2.0 / 3, -0.8666666666666667,
        -1.1666666666666667, "typed simpo");
    PairwiseResult cpoIpo = Objectives.pairwise("cpo_ipo", Map.of("beta", 2.0)).evaluate(batch());
    assertEquals(0.86375, cpoIpo.loss(), TOL);
    assertMetrics(cpoIpo, -1.7333333333333334, -2.3333333333333335, 2.0 / 3, -0.8666666666666667,
        -1.1666666666666667, "cpo_ipo");
  }

  @Test
  void cpoSigmoidRewardsStayBetaTimesTheSummedLogProbs() {
    PairwiseResult r = Objectives.pairwise("cpo", Map.of("beta", 2.0)).evaluate(batch());
    assertEquals(3.497101208032838, r.loss(), TOL);
    assertMetrics(r, -16.666666666666668, -15.333333333333334, 1.0 / 3, -8.333333333333334, -7.666666666666667,
        "cpo");
  }

  @Test
  void alphapoIsTrlsSugarForSimpoWithoutNllAndAlphaZero() {
    PairwiseResult byDefault = Objectives.pairwise("alphapo", Map.of("beta", 2.0, "simpo_gamma", 0.5))
        .evaluate(batch());
    assertEquals(0.6837800057485571, byDefault.loss(), TOL, "alpha 0 and no NLL: plain SimPO");
    assertFalse(byDefault.metrics().containsKey("loss/sft"));
    assertEquals(0.0, PairwiseLoss.builder(PairwiseLossType.ALPHAPO).build().alpha(), 0.0);
    PairwiseResult a = Objectives.pairwise("alphapo", Map.of("beta", 2.0, "simpo_gamma", 0.5, "alpha", 0.25))
        .evaluate(batch());
    assertEquals(0.6317185175253941, a.loss(), TOL);
    assertMetrics(a, -1.956545452325838, -2.7281126613164908, 2.0 / 3, -0.8666666666666667, -1.1666666666666667,
        "alphapo");
    // TRL's alpha on simpo is AlphaPO's reward, with simpo's NLL
    PairwiseResult simpoAlpha = Objectives.pairwise("simpo", Map.of("beta", 2.0, "simpo_gamma", 0.5, "alpha", 0.25))
        .evaluate(batch());
    assertEquals(1.412968517525394, simpoAlpha.loss(), TOL);
    assertEquals(-1.956545452325838, simpoAlpha.metric("rewards/chosen"), TOL);
  }

  @Test
  void cpoAlphaWithAlphapoIsRefusedBecauseTrlWouldOverwriteIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Objectives.pairwise("alphapo", Map.of("alpha", 0.25, "cpo_alpha", 1.0)));
    assertEquals("cpo_alpha cannot be set with loss_type alphapo: TRL's CPOConfig turns alphapo into simpo with "
        + "cpo_alpha forced to 0 (a set value is silently overwritten there); for AlphaPO with an NLL term use "
        + "loss_type simpo with alpha and cpo_alpha, was cpo_alpha = 1.0", e.getMessage());
  }

  @Test
  void orpoRewardsAreBetaTimesTheAveragedLogProbs() {
    PairwiseResult r = Objectives.pairwise("orpo", Map.of("beta", 0.25)).evaluate(batch());
    // completion-only NLL: the documented difference from TRL's prompt + completion NLL
    assertEquals(0.9057909912882036, r.loss(), TOL);
    assertMetrics(r, -0.21666666666666667, -0.2916666666666667, 2.0 / 3, -0.8666666666666667, -1.1666666666666667,
        "orpo");
  }

  @Test
  void severalNllTermsReportTheNllOnceNotTheirSum() {
    PairwiseResult r = Objectives.pairwise("simpo,cpo", Map.of("beta", 2.0, "simpo_gamma", 0.5)).evaluate(batch());
    assertEquals(4.9621312137813955, r.loss(), 1e-11, "simpo + cpo + one NLL per listed CPO type");
    assertEquals(0.78125, r.metric("loss/sft"), TOL, "the unweighted NLL, not 2 × NLL");
    assertEquals(0.6837800057485571, r.metric("loss/simpo"), TOL);
    assertEquals(2.715851208032838, r.metric("loss/cpo"), TOL);
    assertEquals(0.78125, r.metric("nll_loss"), TOL);
    assertTrue(r.metrics().keySet().stream().noneMatch(k -> k.contains("#")), r.metrics().keySet().toString());
    // weights scale a term and its NLL, the reported NLL stays unweighted
    PairwiseResult weighted = Objectives.pairwise("simpo,cpo",
        Map.of("beta", 2.0, "simpo_gamma", 0.5, "loss_weights", List.of(0.3, 0.7))).evaluate(batch());
    assertEquals(0.3 * (0.6837800057485571 + 0.78125) + 0.7 * (2.715851208032838 + 0.78125), weighted.loss(),
        1e-11);
    assertEquals(0.78125, weighted.metric("loss/sft"), TOL);
    // the rewards follow the first listed type (simpo: averaged)
    assertEquals(-1.7333333333333334, weighted.metric("rewards/chosen"), TOL);
  }

  @Test
  void aTermOfTheSameTypeWithOtherSettingsReportsUnderItsIndex() {
    PairwiseResult r = CombinedPairwiseLoss.builder()
        .add(PairwiseLoss.builder(PairwiseLossType.CPO).beta(2.0).build(), 1.0)
        .add(PairwiseLoss.builder(PairwiseLossType.CPO).beta(0.1).build(), 0.5)
        .build().evaluate(batch());
    assertEquals(2.715851208032838, r.metric("loss/cpo"), TOL);
    assertTrue(r.metrics().containsKey("loss/cpo#1"), r.metrics().keySet().toString());
    assertEquals(r.loss(), 2.715851208032838 + 0.5 * r.metric("loss/cpo#1"), 1e-12);
  }

  @Test
  void dpoRewardsFollowTheReferenceTermWhateverTheListOrder() {
    PairwiseBatch tv1 = PairwiseTrlVectorsTest.tv1();
    for (String lossType : List.of("sigmoid,sft", "sft,sigmoid", "sft")) {
      PairwiseResult r = Objectives.pairwise(lossType, Map.of()).evaluate(tv1);
      assertEquals(0.08333333333333334, r.metric("rewards/chosen"), TOL, lossType);
      assertEquals(-0.016666666666666666, r.metric("rewards/rejected"), TOL, lossType);
      assertEquals(2.0 / 3, r.metric("rewards/accuracies"), TOL, lossType);
    }
  }
}
