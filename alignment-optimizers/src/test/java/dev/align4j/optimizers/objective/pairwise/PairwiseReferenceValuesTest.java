package dev.align4j.optimizers.objective.pairwise;

import static dev.align4j.optimizers.ReferenceAssertions.assertClose;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PAIRWISE;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PAIRWISE_C0;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PAIRWISE_C;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PAIRWISE_LL;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PAIRWISE_LW;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PAIRWISE_R0;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PAIRWISE_R;
import static dev.align4j.optimizers.objective.pairwise.PairwiseTestSupport.cfg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.ObjectiveReferenceValues;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.optimizers.objective.internal.PairwiseKernels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pairwise loss type (under every f-divergence it accepts) against independent reference values: the batch
 * loss, the per-pair losses and both gradients, within 1e-12 relative, on the scalar and on the active (Vector API)
 * kernels. The values come from {@code src/test/python/reference_values.py}, which evaluates the published formulas
 * (TRL's {@code dpo_trainer}/{@code cpo_trainer}, the papers for the types TRL lacks) in 50-digit arithmetic and
 * differentiates them numerically, so a change of definition fails here even when loss and gradient change together.
 *
 * <p>The batch has nine pairs (more than a vector of doubles, with a scalar tail), mixed-sign log-ratios, unequal
 * lengths (one pair of equal lengths) and β ≠ 0.1.
 */
class PairwiseReferenceValuesTest {
  private static final String[] F_DIVERGENCE_TYPES = {
    "sigmoid", "hinge", "ipo", "exo_pair", "nca_pair", "robust", "bco_pair", "sppo_hard", "apo_down", "discopop",
    "sigmoid_norm", "cdpo", "r_dpo", "dpop", "beta_dpo", "ld_dpo",
  };

  static PairwiseBatch batch() {
    return PairwiseBatch.of(PAIRWISE_C, PAIRWISE_R, PAIRWISE_C0, PAIRWISE_R0, PAIRWISE_LW, PAIRWISE_LL);
  }

  /** The objects the script describes, under the script's case names (same hyper-parameters). */
  static Map<String, PairwiseObjective> cases() {
    Map<String, PairwiseObjective> m = new LinkedHashMap<>();
    for (FDivergence f : FDivergence.values()) {
      String sfx = f == FDivergence.REVERSE_KL ? "" : "/" + f.trlName();
      for (String t : F_DIVERGENCE_TYPES) {
        m.put(t + sfx, fDivergenceCase(t).fDivergence(f).fAlphaDivergenceCoef(0.3).build());
      }
    }
    m.put("ipo/unnormalised", b(PairwiseLossType.IPO).beta(0.3).ipoLengthNormalization(false).build());
    m.put("aot", b(PairwiseLossType.AOT).beta(0.3).labelSmoothing(0.15).build());
    m.put("aot_unpaired", b(PairwiseLossType.AOT_UNPAIRED).beta(0.3).labelSmoothing(0.15).build());
    m.put("apo_zero", b(PairwiseLossType.APO_ZERO).beta(0.3).build());
    m.put("sft", b(PairwiseLossType.SFT).beta(0.3).build());
    m.put("slic", b(PairwiseLossType.SLIC).slicDelta(1.7).build());
    m.put("simpo", b(PairwiseLossType.SIMPO).beta(2.0).simpoGamma(0.4).labelSmoothing(0.1).build());
    m.put("cpo", b(PairwiseLossType.CPO).beta(0.2).labelSmoothing(0.1).build());
    m.put("cpo_hinge", b(PairwiseLossType.CPO_HINGE).beta(0.2).build());
    m.put("cpo_ipo", b(PairwiseLossType.CPO_IPO).beta(0.2).build());
    m.put("alphapo",
        b(PairwiseLossType.ALPHAPO).beta(2.0).simpoGamma(0.4).alpha(0.3).labelSmoothing(0.1).build());
    m.put("orpo", b(PairwiseLossType.ORPO).beta(0.25).build());
    m.put("sigmoid/reference_free", b(PairwiseLossType.SIGMOID).beta(0.3).referenceFree(true).build());
    m.put("r_dpo/alpha_0.5", b(PairwiseLossType.R_DPO).beta(0.3).rdpoAlpha(0.5).build());
    m.put("r_dpo+0.5*sft", CombinedPairwiseLoss.builder()
        .add(b(PairwiseLossType.R_DPO).beta(0.3).rdpoAlpha(0.02).build(), 1.0)
        .add(b(PairwiseLossType.SFT).beta(0.3).build(), 0.5)
        .build());
    return m;
  }

  private static PairwiseLoss.Builder b(PairwiseLossType t) {
    return PairwiseLoss.builder(t);
  }

  private static PairwiseLoss.Builder fDivergenceCase(String t) {
    PairwiseLoss.Builder b = b(PairwiseLossType.fromTrlName(t)).beta(0.3);
    switch (t) {
      case "hinge":
        return b.beta(0.2);
      case "exo_pair":
      case "robust":
      case "cdpo":
        return b.labelSmoothing(0.15);
      case "discopop":
        return b.discopopTau(0.07);
      case "sigmoid_norm":
        return b.beta(1.5);
      case "r_dpo":
        return b.rdpoAlpha(0.02);
      case "dpop":
        return b.dpopLambda(5.0);
      case "beta_dpo":
        return b.betaDpoAlpha(0.4).betaDpoThreshold(0.05);
      case "ld_dpo":
        return b.ldAlpha(0.35);
      default:
        return b;
    }
  }

  static Stream<String> caseNames() {
    return cases().keySet().stream();
  }

  @Test
  void everyReferenceCaseHasAnObjectiveAndEveryLossTypeIsPinned() {
    assertEquals(PAIRWISE.keySet(), cases().keySet());
    for (PairwiseLossType t : PairwiseLossType.values()) {
      assertTrue(PAIRWISE.containsKey(t.trlName()), "no reference value for " + t.trlName());
      if (t.usesFDivergence()) {
        for (FDivergence f : FDivergence.values()) {
          String name = f == FDivergence.REVERSE_KL ? t.trlName() : t.trlName() + "/" + f.trlName();
          assertTrue(PAIRWISE.containsKey(name), "no reference value for " + name);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caseNames")
  void matchesTheReferenceOnEveryKernel(String name) {
    PairwiseObjective obj = cases().get(name);
    double[][] expected = PAIRWISE.get(name);
    for (PairwiseKernels k : new PairwiseKernels[] {PairwiseKernels.scalar(), PairwiseKernels.active()}) {
      PairwiseObjective onKernels = obj instanceof PairwiseLoss ? ((PairwiseLoss) obj).withKernels(k) : obj;
      String what = name + " on " + k.name();
      PairwiseResult r = onKernels.evaluate(batch());
      assertClose(expected[0][0], r.loss(), what + " loss");
      assertClose(expected[1], r.losses(), what + " losses");
      assertClose(expected[2], r.gradPolicyChosen(), what + " gradPolicyChosen");
      assertClose(expected[3], r.gradPolicyRejected(), what + " gradPolicyRejected");
      if (name.startsWith("beta_dpo")) {
        assertClose(expected[4][0], r.metric("beta_dpo/beta"), what + " beta_dpo/beta");
      }
      double[] losses = new double[9];
      double[] gc = new double[9];
      double[] gr = new double[9];
      assertClose(expected[0][0], onKernels.evaluateInto(batch(), losses, gc, gr), what + " evaluateInto");
      assertClose(expected[2], gc, what + " evaluateInto gradPolicyChosen");
    }
  }

  @Test
  void trlCommonMetricsMatchTheReference() {
    double[] m = ObjectiveReferenceValues.PAIRWISE_METRICS;
    String[] names = {
      "rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies", "logps/chosen", "logps/rejected",
    };
    for (String type : new String[] {"sigmoid", "r_dpo", "sigmoid/js_divergence"}) {
      PairwiseResult r = cases().get(type).evaluate(batch());
      for (int k = 0; k < names.length; k++) {
        assertClose(m[k], r.metric(names[k]), type + " " + names[k]);
      }
    }
    PairwiseResult orpo = cases().get("orpo").evaluate(batch());
    assertClose(ObjectiveReferenceValues.ORPO_METRICS[0], orpo.metric("log_odds_ratio"), "log_odds_ratio");
    assertClose(ObjectiveReferenceValues.ORPO_METRICS[1], orpo.metric("log_odds_chosen"), "log_odds_chosen");
  }

  @Test
  void rdpoFromAConfigMatchesTheReference() {
    PairwiseResult r = Objectives.pairwise("r_dpo", cfg("beta", 0.3, "rdpo_alpha", 0.02)).evaluate(batch());
    assertClose(PAIRWISE.get("r_dpo")[1], r.losses(), "r_dpo from config");
    PairwiseResult list = Objectives.pairwise("r_dpo,sft", cfg("beta", 0.3, "rdpo_alpha", 0.02,
        "loss_weights", List.of(1.0, 0.5))).evaluate(batch());
    assertClose(PAIRWISE.get("r_dpo+0.5*sft")[0][0], list.loss(), "r_dpo,sft from config");
  }

  /**
   * R-DPO (Park et al. 2024, arXiv:2403.19159, Eq. 9) by hand: the margin is βΔ + α(|y_w| − |y_l|). One pair with
   * Δ = 0, |y_w| = 30, |y_l| = 10, α = 0.01: L = −log σ(0.2) = softplus(−0.2).
   */
  @Test
  void rdpoLengthTermHasThePaperSign() {
    PairwiseLoss rdpo = b(PairwiseLossType.R_DPO).beta(0.1).rdpoAlpha(0.01).build();
    PairwiseBatch longChosen = PairwiseBatch.of(new double[] {-30}, new double[] {-10}, new double[] {-30},
        new double[] {-10}, new int[] {30}, new int[] {10});
    PairwiseResult r = rdpo.evaluate(longChosen);
    assertClose(StableMath.softplus(-0.2), r.loss(), "r_dpo loss");
    assertClose(-0.1 * StableMath.sigmoid(-0.2), r.gradPolicyChosen()[0], "r_dpo gradient");
  }

  /**
   * The point of the regulariser: at equal log-ratios, the longer the chosen answer is relative to the rejected one,
   * the smaller the push towards it (so training stops rewarding verbosity); the shorter, the larger.
   */
  @Test
  void rdpoPushesLessTowardsALongerChosenAnswer() {
    PairwiseLoss rdpo = b(PairwiseLossType.R_DPO).beta(0.1).rdpoAlpha(0.01).build();
    double previous = Double.POSITIVE_INFINITY;
    for (int chosenLength : new int[] {5, 20, 40, 80, 160}) {
      PairwiseBatch pair = PairwiseBatch.of(new double[] {-20}, new double[] {-20}, new double[] {-21},
          new double[] {-21}, new int[] {chosenLength}, new int[] {40});
      double push = -rdpo.evaluate(pair).gradPolicyChosen()[0];
      assertTrue(push > 0 && push < previous,
          "the push towards a chosen answer of " + chosenLength + " tokens (" + push + ") must be below that of a"
              + " shorter one (" + previous + ")");
      previous = push;
    }
  }
}
