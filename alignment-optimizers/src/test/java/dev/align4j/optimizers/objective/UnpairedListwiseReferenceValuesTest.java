package dev.align4j.optimizers.objective;

import static dev.align4j.optimizers.ReferenceAssertions.assertClose;
import static dev.align4j.optimizers.ReferenceAssertions.flat;
import static dev.align4j.optimizers.ReferenceAssertions.rows;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.LISTWISE;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.LISTWISE_LENGTHS;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.LISTWISE_POLICY;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.LISTWISE_REFERENCE;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.LISTWISE_SCORES;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.LISTWISE_SIZES;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.UNPAIRED;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.UNPAIRED_POLICY;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.UNPAIRED_REFERENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.optimizers.objective.ObjectiveReferenceValues;
import dev.align4j.optimizers.objective.listwise.LipoLambdaLoss;
import dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLoss;
import dev.align4j.optimizers.objective.listwise.ProLoss;
import dev.align4j.optimizers.objective.listwise.RrhfLoss;
import dev.align4j.optimizers.objective.pairwise.LengthDesensitizedAggregation;
import dev.align4j.optimizers.objective.pairwise.PairwiseLoss;
import dev.align4j.optimizers.objective.pairwise.PairwiseLossType;
import dev.align4j.optimizers.objective.pairwise.TdpoLoss;
import dev.align4j.optimizers.objective.pairwise.TokenLevelRewards;
import dev.align4j.optimizers.objective.unpaired.BcoLoss;
import dev.align4j.optimizers.objective.unpaired.BcoRewardShift;
import dev.align4j.optimizers.objective.unpaired.KtoLoss;
import dev.align4j.optimizers.objective.unpaired.NpoLoss;
import dev.align4j.optimizers.objective.unpaired.UnpairedObjectives;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The unpaired (KTO, APO-zero unpaired, BCO, NPO), listwise (Plackett–Luce DPO, LiPO-λ, PRO, RRHF) and token-level
 * (TDPO1/2, LD-DPO aggregation, token rewards) objectives against independent reference values within 1e-12 relative:
 * loss, per-example (per-list) losses, gradients and metrics. Values from {@code src/test/python/reference_values.py}
 * (the papers' and TRL's formulas in 50-digit arithmetic, gradients by numerical differentiation).
 *
 * <p>The inputs are chosen so that each documented detail matters: the KTO batch is run with KL pairs whose mean
 * log-ratio is positive and negative (TRL clamps z0 at 0, detached), BCO with a fresh and a restored running shift
 * (δ is updated with the batch before the loss), the listwise lists have sizes 3, 4 and 2 with a tied label.
 */
class UnpairedListwiseReferenceValuesTest {
  private static final boolean[] DESIRABLE = {true, true, false, false, true, false, true};

  private static UnpairedBatch unpaired() {
    return UnpairedBatch.of(UNPAIRED_POLICY, UNPAIRED_REFERENCE, DESIRABLE);
  }

  private static void check(String name, UnpairedResult r, String... metrics) {
    double[][] e = UNPAIRED.get(name);
    assertClose(e[0][0], r.loss(), name + " loss");
    assertClose(e[1], r.losses(), name + " losses");
    assertClose(e[2], r.gradPolicy(), name + " gradPolicy");
    for (int k = 0; k < metrics.length; k++) {
      assertClose(e[3][k], r.metrics().get(metrics[k]), name + " " + metrics[k]);
    }
  }

  private static final String[] KTO_METRICS = {
    "kl", "rewards/chosen", "rewards/rejected", "rewards/margins", "logps/chosen", "logps/rejected",
  };

  private static KtoLoss.Builder kto() {
    return KtoLoss.builder().beta(0.25).desirableWeight(1.3).undesirableWeight(0.8);
  }

  @Test
  void ktoWithAPositiveKlEstimate() {
    UnpairedBatch b = unpaired().withKlPairs(
        ObjectiveReferenceValues.KL_POS_POLICY, ObjectiveReferenceValues.KL_POS_REFERENCE);
    check("kto/kl_positive", kto().build().evaluate(b), KTO_METRICS);
  }

  /** TRL clamps the reference point at 0 (kto_trainer.py: {@code clamp(min=0)}): a negative estimate gives z0 = 0. */
  @Test
  void ktoClampsANegativeKlEstimate() {
    UnpairedBatch b = unpaired().withKlPairs(
        ObjectiveReferenceValues.KL_NEG_POLICY, ObjectiveReferenceValues.KL_NEG_REFERENCE);
    check("kto/kl_negative_clamped", kto().build().evaluate(b), KTO_METRICS);
    check("kto/kl_negative_unclamped", kto().clampReferencePoint(false).build().evaluate(b), KTO_METRICS);
    check("kto/kl_negative_clamped",
        UnpairedObjectives.create("kto", Map.of("beta", 0.25, "desirable_weight", 1.3, "undesirable_weight", 0.8))
            .evaluate(b), KTO_METRICS);
  }

  @Test
  void apoZeroUnpaired() {
    UnpairedResult r = kto().lossType(KtoLoss.LossType.APO_ZERO_UNPAIRED).build().evaluate(unpaired());
    check("apo_zero_unpaired", r, "rewards/chosen", "rewards/rejected", "rewards/margins", "logps/chosen",
        "logps/rejected");
  }

  private static final String[] BCO_METRICS = {
    "delta", "rewards/chosen", "rewards/rejected", "rewards/margins", "logps/chosen", "logps/rejected",
  };

  /** TRL updates the running mean with the batch's rewards before computing the loss (do_train=True). */
  @Test
  void bcoUpdatesItsShiftBeforeTheLoss() {
    BcoLoss fresh = BcoLoss.builder().beta(0.2).build();
    check("bco/fresh", fresh.evaluate(unpaired()), BCO_METRICS);
    assertState("bco/fresh", fresh.rewardShift());

    BcoRewardShift restored = BcoRewardShift.of(ObjectiveReferenceValues.BCO_PRIOR_MEAN,
        ObjectiveReferenceValues.BCO_PRIOR_COUNT);
    BcoLoss resumed = BcoLoss.builder().beta(0.2).rewardShift(restored).build();
    check("bco/restored", resumed.evaluate(unpaired()), BCO_METRICS);
    assertState("bco/restored", restored);

    BcoRewardShift read = BcoRewardShift.of(ObjectiveReferenceValues.BCO_PRIOR_MEAN,
        ObjectiveReferenceValues.BCO_PRIOR_COUNT);
    BcoLoss evaluation = BcoLoss.builder().beta(0.2).rewardShift(read).updateRewardShift(false).build();
    check("bco/restored_no_update", evaluation.evaluate(unpaired()), BCO_METRICS);
    assertState("bco/restored_no_update", read);
  }

  private static void assertState(String name, BcoRewardShift shift) {
    double[] e = UNPAIRED.get(name)[4];
    assertClose(e[0], shift.mean(), name + " shift mean");
    assertClose(e[1], shift.count(), name + " shift count");
  }

  @Test
  void npo() {
    UnpairedBatch b = UnpairedBatch.negatives(ObjectiveReferenceValues.NPO_POLICY,
        ObjectiveReferenceValues.NPO_REFERENCE);
    check("npo", NpoLoss.builder().beta(0.4).build().evaluate(b), "rewards/rejected", "logps/rejected");
  }

  // ---- listwise --------------------------------------------------------------------------------------------------

  private static ListwiseBatch lists(boolean scores) {
    return new ListwiseBatch(LISTWISE_POLICY, LISTWISE_REFERENCE, LISTWISE_LENGTHS, LISTWISE_SIZES,
        scores ? LISTWISE_SCORES : null);
  }

  private static final String[] LIST_METRICS = {
    "rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies", "nll_loss",
  };

  private static void check(String name, ListwiseObjective obj, ListwiseBatch b) {
    double[][] e = LISTWISE.get(name);
    ListwiseResult r = obj.evaluate(b);
    assertClose(e[0][0], r.loss(), name + " loss");
    assertClose(e[1], r.losses(), name + " losses");
    assertClose(e[2], r.gradPolicy(), name + " gradPolicy");
    for (int k = 0; k < e[3].length; k++) {
      assertClose(e[3][k], r.metrics().get(LIST_METRICS[k]), name + " " + LIST_METRICS[k]);
    }
    double[] losses = new double[b.listCount()];
    double[] grad = new double[b.policyLogps().length];
    assertClose(e[0][0], obj.evaluateInto(b, losses, grad), name + " evaluateInto");
    assertClose(e[2], grad, name + " evaluateInto gradPolicy");
  }

  @Test
  void listwiseObjectives() {
    Map<String, Object[]> cases = new LinkedHashMap<>();
    cases.put("dpo_pl", new Object[] {PlackettLuceDpoLoss.builder().beta(0.7).build(), lists(false)});
    cases.put("lipo_lambda/scores", new Object[] {LipoLambdaLoss.builder().beta(0.7).build(), lists(true)});
    cases.put("lipo_lambda/positions", new Object[] {LipoLambdaLoss.builder().beta(0.7).build(), lists(false)});
    cases.put("pro/scores", new Object[] {ProLoss.builder().build(), lists(true)});
    cases.put("pro/positions_w0.3", new Object[] {ProLoss.builder().sftWeight(0.3).build(), lists(false)});
    cases.put("rrhf/scores", new Object[] {RrhfLoss.builder().build(), lists(true)});
    cases.put("rrhf/positions_rho2_w0.5_alpha0.5",
        new Object[] {RrhfLoss.builder().rankWeight(2.0).sftWeight(0.5).lengthPenalty(0.5).build(), lists(false)});
    assertEquals(LISTWISE.keySet(), cases.keySet());
    cases.forEach((name, c) -> check(name, (ListwiseObjective) c[0], (ListwiseBatch) c[1]));
  }

  // ---- token level ---------------------------------------------------------------------------------------------

  private static TokenLevelPairBatch tokenPairs() {
    return new TokenLevelPairBatch(ObjectiveReferenceValues.TDPO_PC, ObjectiveReferenceValues.TDPO_RC,
        ObjectiveReferenceValues.TDPO_KC, ObjectiveReferenceValues.TDPO_LC, ObjectiveReferenceValues.TDPO_PR,
        ObjectiveReferenceValues.TDPO_RR, ObjectiveReferenceValues.TDPO_KR, ObjectiveReferenceValues.TDPO_LR);
  }

  @Test
  void tdpoBothVariants() {
    String[] metrics = {"rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies", "kl/chosen",
      "kl/rejected"};
    for (TdpoLoss.Variant v : TdpoLoss.Variant.values()) {
      String name = v.name().toLowerCase(Locale.ROOT);
      double[][] e = ObjectiveReferenceValues.TDPO.get(name);
      TokenLevelPairResult r = TdpoLoss.builder().beta(0.2).alpha(0.3).variant(v).build().evaluate(tokenPairs());
      assertClose(e[0][0], r.loss(), name + " loss");
      assertClose(e[1], r.losses(), name + " losses");
      assertClose(e[2], r.gradPolicyChosenTokens(), name + " gradPolicyChosenTokens");
      assertClose(e[3], r.gradPolicyRejectedTokens(), name + " gradPolicyRejectedTokens");
      assertClose(e[4], r.gradChosenKl(), name + " gradChosenKl");
      assertClose(e[5], r.gradRejectedKl(), name + " gradRejectedKl");
      for (int k = 0; k < metrics.length; k++) {
        assertClose(e[6][k], r.metrics().get(metrics[k]), name + " " + metrics[k]);
      }
    }
  }

  @Test
  void tokenLevelRewards() {
    double[][] e = ObjectiveReferenceValues.TDPO.get("token_rewards");
    TokenLevelRewards tr = TokenLevelRewards.withBeta(0.2);
    double[] p = ObjectiveReferenceValues.TDPO_PC;
    double[] q = ObjectiveReferenceValues.TDPO_RC;
    assertClose(e[0], tr.tokenRewards(p, q), "tokenRewards");
    assertClose(e[1], tr.cumulativeRewards(p, q, ObjectiveReferenceValues.TDPO_LC), "cumulativeRewards");
    assertClose(e[2], tr.sequenceRewards(p, q, ObjectiveReferenceValues.TDPO_LC), "sequenceRewards");
  }

  /** TRL's ld_alpha: tokens past min(|y_w|, |y_l|) count α, for the policy and the reference alike. */
  @Test
  void lengthDesensitizedAggregation() {
    double[][] e = ObjectiveReferenceValues.LD_DPO.get("ld_dpo");
    int[] lc = ObjectiveReferenceValues.LD_LC;
    int[] lr = ObjectiveReferenceValues.LD_LR;
    PairwiseBatch b = LengthDesensitizedAggregation.batch(rows(ObjectiveReferenceValues.LD_PC, lc),
        rows(ObjectiveReferenceValues.LD_PR, lr), rows(ObjectiveReferenceValues.LD_RC, lc),
        rows(ObjectiveReferenceValues.LD_RR, lr), 0.35);
    assertClose(e[1], b.policyChosen(), "LD policy chosen sums");
    assertClose(e[2], b.policyRejected(), "LD policy rejected sums");
    assertClose(e[3], b.referenceChosen(), "LD reference chosen sums");
    assertClose(e[4], b.referenceRejected(), "LD reference rejected sums");
    PairwiseResult r = PairwiseLoss.builder(PairwiseLossType.LD_DPO).beta(0.3).ldAlpha(0.35).build().evaluate(b);
    assertClose(e[0][0], r.loss(), "LD-DPO loss");
    assertClose(e[5], flat(LengthDesensitizedAggregation.tokenGradients(r.gradPolicyChosen(), b.chosenLengths(),
        b.rejectedLengths(), 0.35)), "LD-DPO chosen token gradients");
    assertClose(e[6], flat(LengthDesensitizedAggregation.tokenGradients(r.gradPolicyRejected(),
        b.rejectedLengths(), b.chosenLengths(), 0.35)), "LD-DPO rejected token gradients");
  }
}
