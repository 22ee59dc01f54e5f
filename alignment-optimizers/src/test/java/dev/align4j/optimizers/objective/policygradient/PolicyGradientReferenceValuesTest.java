package dev.align4j.optimizers.objective.policygradient;

import static dev.align4j.optimizers.ReferenceAssertions.assertClose;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PG_ENTROPY;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PG_LENGTHS;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PG_LOGP;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PG_MASK;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PG_OLD;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.PG_REF;
import static dev.align4j.optimizers.objective.ObjectiveReferenceValues.POLICY_GRADIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.align4j.optimizers.objective.ObjectiveReferenceValues;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy-gradient objectives against independent reference values within 1e-12 relative: GRPO with every
 * aggregation TRL offers ({@code grpo}, {@code bnpo}, {@code dr_grpo}, {@code dapo} with the local and a global token
 * count), INTELLECT-2's δ, the bias-corrected KL, CISPO, SAPO, GSPO and sequence-level ratios, RLOO's summed-ratio loss
 * and PPO with its clipped value loss; loss, per-sequence losses, exact gradients (value gradients for PPO) and the
 * TRL metrics, on the Vector API loop and on the scalar loop.
 *
 * <p>The batch (five sequences of 3, 2, 4, 1 and 3 tokens) has a mask with zeros (one sequence fully masked) and a
 * fractional weight 0.5, importance ratios below, inside and above the clip range, advantages of both signs and
 * β = 0.04, so that every normaliser (active tokens, not all tokens), clip side and KL term shows in the numbers.
 * Values from {@code src/test/python/reference_values.py} (TRL's formulas in 50-digit arithmetic).
 */
class PolicyGradientReferenceValuesTest {
  private static PolicyGradientBatch batch(boolean masked, boolean tokenAdvantages) {
    PolicyGradientBatch.Builder b = PolicyGradientBatch.builder()
        .lengths(PG_LENGTHS)
        .logProbs(PG_LOGP)
        .oldLogProbs(PG_OLD)
        .referenceLogProbs(PG_REF)
        .mask(masked ? PG_MASK : null)
        .entropies(PG_ENTROPY);
    if (tokenAdvantages) {
      b.advantages(ObjectiveReferenceValues.PG_TOKEN_ADV)
          .values(ObjectiveReferenceValues.PG_VALUES, ObjectiveReferenceValues.PG_RETURNS)
          .oldValues(ObjectiveReferenceValues.PG_OLD_VALUES);
    } else {
      b.sequenceAdvantages(ObjectiveReferenceValues.PG_SEQ_ADV);
    }
    return b.build();
  }

  private static GrpoLoss.Builder grpo(GrpoLoss.LossType t) {
    return GrpoLoss.builder().lossType(t).epsilon(0.2).epsilonHigh(0.28).beta(0.04);
  }

  private static Map<String, PolicyGradientObjective> cases() {
    Map<String, PolicyGradientObjective> m = new LinkedHashMap<>();
    m.put("grpo", grpo(GrpoLoss.LossType.GRPO).build());
    m.put("bnpo", grpo(GrpoLoss.LossType.BNPO).build());
    m.put("dr_grpo", grpo(GrpoLoss.LossType.DR_GRPO).maxCompletionLength(6).build());
    m.put("dapo", grpo(GrpoLoss.LossType.DAPO).build());
    m.put("dapo/token_normalizer_20", grpo(GrpoLoss.LossType.DAPO).tokenNormalizer(20).build());
    m.put("dapo/delta_1.6", grpo(GrpoLoss.LossType.DAPO).beta(0.0).delta(1.6).build());
    m.put("dapo/bias_corrected_kl", grpo(GrpoLoss.LossType.DAPO).useBiasCorrectionKl(true).build());
    m.put("cispo", GrpoLoss.builder().lossType(GrpoLoss.LossType.CISPO).epsilonHigh(1.1).beta(0.04).build());
    m.put("sapo", GrpoLoss.builder().lossType(GrpoLoss.LossType.SAPO).sapoTemperaturePos(1.0)
        .sapoTemperatureNeg(1.05).beta(0.04).build());
    m.put("gspo", GrpoLoss.gspo().build());
    m.put("grpo/sequence_level", grpo(GrpoLoss.LossType.GRPO)
        .importanceSamplingLevel(GrpoLoss.ImportanceSamplingLevel.SEQUENCE).build());
    m.put("grpo/no_mask", grpo(GrpoLoss.LossType.GRPO).build());
    m.put("dapo/no_mask", grpo(GrpoLoss.LossType.DAPO).build());
    m.put("rloo", RlooLoss.builder().epsilon(0.2).epsilonHigh(0.28).build());
    m.put("ppo", PpoLoss.builder().cliprange(0.2).cliprangeValue(0.2).vfCoef(0.1).build());
    return m;
  }

  private static PolicyGradientResult evaluate(PolicyGradientObjective obj, PolicyGradientBatch b, boolean vector) {
    if (obj instanceof GrpoLoss) {
      return ((GrpoLoss) obj).evaluate(b, vector);
    }
    if (obj instanceof RlooLoss) {
      return ((RlooLoss) obj).evaluate(b, vector);
    }
    return ((PpoLoss) obj).evaluate(b, vector);
  }

  /**
   * RLOO with fractional mask weights, by hand: one sequence of one token with weight 0.5, log-ratio 0.2, A = 1.5.
   * ρ = e^{0.5·0.2} = e^{0.1} (inside the clip range), and the sequence's term is scaled by its mask sum 0.5:
   * loss = 0.5·(−ρA), ∂loss/∂logπ = 0.5·(−A)·ρ·0.5.
   */
  @Test
  void rlooWeighsASequenceByAMaskSumBelowOne() {
    PolicyGradientBatch b = PolicyGradientBatch.builder().lengths(1).logProbs(new double[] {-0.4})
        .oldLogProbs(new double[] {-0.6}).sequenceAdvantages(new double[] {1.5}).mask(new double[] {0.5}).build();
    PolicyGradientResult r = RlooLoss.builder().build().evaluate(b);
    double rho = Math.exp(0.5 * (-0.4 - -0.6));
    assertClose(0.5 * -rho * 1.5, r.loss(), "RLOO loss");
    assertClose(0.5 * -1.5 * rho * 0.5, r.gradLogProbs()[0], "RLOO gradient");
  }

  /** PPO's value loss uses the policy loss's mask and normaliser: a masked token's value error does not count. */
  @Test
  void ppoValueLossUsesThePolicyMask() {
    PolicyGradientBatch b = PolicyGradientBatch.builder().lengths(2).logProbs(new double[] {-1, -1})
        .advantages(new double[] {0.5, 0.5}).mask(new double[] {1, 0})
        .values(new double[] {0.5, 100}, new double[] {0.2, 0}).build();
    PolicyGradientResult r = PpoLoss.builder().vfCoef(0.1).build().evaluate(b);
    assertClose(0.5 * 0.3 * 0.3, r.metrics().get("loss/value_avg"), "loss/value_avg");
    assertClose(-0.5 + 0.1 * 0.5 * 0.3 * 0.3, r.loss(), "PPO loss");
    assertClose(new double[] {0.1 * 0.3, 0.0}, r.gradValues(), "gradValues");
  }

  static Stream<String> caseNames() {
    return cases().keySet().stream();
  }

  @Test
  void everyReferenceCaseHasAnObjective() {
    assertEquals(POLICY_GRADIENT.keySet(), cases().keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caseNames")
  void matchesTheReferenceOnBothLoops(String name) {
    PolicyGradientObjective obj = cases().get(name);
    boolean ppo = name.equals("ppo");
    PolicyGradientBatch b = batch(!name.endsWith("/no_mask"), ppo);
    double[][] e = POLICY_GRADIENT.get(name);
    for (boolean vector : new boolean[] {true, false}) {
      String what = name + (vector ? " (vector loop allowed)" : " (scalar loop)");
      PolicyGradientResult r = evaluate(obj, b, vector);
      assertClose(e[0][0], r.loss(), what + " loss");
      assertClose(e[1], r.losses(), what + " losses");
      assertClose(e[2], r.gradLogProbs(), what + " gradLogProbs");
      Map<String, Double> m = r.metrics();
      if (ppo) {
        String[] names = {"loss/policy_avg", "policy/clipfrac_avg", "policy/approxkl_avg", "val/ratio",
          "loss/value_avg", "val/clipfrac_avg", "policy/entropy_avg"};
        for (int k = 0; k < names.length; k++) {
          assertClose(e[3][k], m.get(names[k]), what + " " + names[k]);
        }
        assertClose(e[4], r.gradValues(), what + " gradValues");
        continue;
      }
      assertNull(r.gradValues(), what);
      if (name.equals("cispo")) {
        assertClose(e[3][1], m.get("cispo_clip_ratio"), what + " cispo_clip_ratio");
      } else if (!name.equals("sapo")) {
        assertClose(e[3][0], m.get("clip_ratio/low_mean"), what + " clip_ratio/low_mean");
        assertClose(e[3][1], m.get("clip_ratio/high_mean"), what + " clip_ratio/high_mean");
        assertClose(e[3][0] + e[3][1], m.get("clip_ratio/region_mean"), what + " clip_ratio/region_mean");
      }
      if (e[3][2] != 0.0) {
        assertClose(e[3][2], m.get("kl"), what + " kl");
      }
      assertClose(e[3][5], m.get("entropy"), what + " entropy");
    }
  }
}
