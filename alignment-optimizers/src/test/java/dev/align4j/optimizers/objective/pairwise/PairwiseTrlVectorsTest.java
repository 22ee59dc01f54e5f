package dev.align4j.optimizers.objective.pairwise;

import static dev.align4j.optimizers.objective.pairwise.PairwiseTestSupport.cfg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.PairwiseResult;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Example-based tests against the numbers of {@code trl-objectives.md} §16 (TV1–TV4, TV7, TV8), printed there with six
 * decimals, so the tolerance is 1e-6.
 */
class PairwiseTrlVectorsTest {
  private static final double TOL = 1.5e-6;

  /** TV1's batch: β = 0.1, ℓ_w = [1, 1, 0.5], ℓ_l = [−0.5, 1, −1], Δ = [1.5, 0, 1.5]. */
  static PairwiseBatch tv1() {
    return PairwiseBatch.of(
        new double[] {-10, -20, -15}, new double[] {-12, -19, -18},
        new double[] {-11, -21, -15.5}, new double[] {-11.5, -20, -17},
        new int[] {5, 10, 8}, new int[] {6, 9, 12});
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "sigmoid, 0.620957, 0.693147, 0.620957, 0.645020",
    "hinge, 0.850000, 1.000000, 0.850000, 0.900000",
    "ipo, 22.246944, 25.111235, 23.562934, 23.640371",
    "nca_pair, 1.350825, 1.388793, 1.349888, 1.363169",
    "bco_pair, 1.312856, 1.388793, 1.312856, 1.338169",
    "sppo_hard, 36.250000, 52.000000, 36.250000, 41.500000",
    "apo_zero, 0.962523, 1.000000, 0.962523, 0.975016",
    "apo_down, 0.987549, 1.024979, 0.975068, 0.995865",
    "discopop, 0.849338, 0.846574, 0.849338, 0.848416",
    "sigmoid_norm, 0.679081, 0.693703, 0.685882, 0.686222",
  })
  void tv1LossTypes(String lossType, double l0, double l1, double l2, double mean) {
    PairwiseResult r = Objectives.pairwise(lossType, Map.of("beta", 0.1)).evaluate(tv1());
    assertArrayEquals(new double[] {l0, l1, l2}, r.losses(), TOL * Math.max(1, mean), lossType);
    assertEquals(mean, r.loss(), TOL * Math.max(1, mean), lossType);
  }

  @Test
  void tv1LabelSmoothedTypes() {
    PairwiseResult exo = Objectives.pairwise("exo_pair", cfg("label_smoothing", 1e-3)).evaluate(tv1());
    assertArrayEquals(new double[] {2.505517, 2.761231, 2.505517}, exo.losses(), TOL);
    assertEquals(2.590755, exo.loss(), TOL);
    PairwiseResult robust = Objectives.pairwise("robust", cfg("label_smoothing", 0.1)).evaluate(tv1());
    assertArrayEquals(new double[] {0.602207, 0.693147, 0.602207}, robust.losses(), TOL);
    assertEquals(0.632520, robust.loss(), TOL);
  }

  @Test
  void tv1Metrics() {
    PairwiseResult r = Objectives.pairwise("sigmoid", Map.of()).evaluate(tv1());
    assertEquals((0.1 + 0.1 + 0.05) / 3, r.metric("rewards/chosen"), 1e-12);
    assertEquals((-0.05 + 0.1 - 0.1) / 3, r.metric("rewards/rejected"), 1e-12);
    assertEquals(0.1, r.metric("rewards/margins"), 1e-12);
    assertEquals(2.0 / 3, r.metric("rewards/accuracies"), 1e-12);
    assertEquals(-15.0, r.metric("logps/chosen"), 1e-12);
    assertEquals(-49.0 / 3, r.metric("logps/rejected"), 1e-12);
  }

  @Test
  void tv1MpoCombination() {
    PairwiseObjective mpo = Objectives.pairwise("sigmoid,bco_pair", cfg("loss_weights", java.util.List.of(0.8, 0.2)));
    assertEquals(0.783650, mpo.evaluate(tv1()).loss(), TOL);
    PairwiseObjective mpoString = Objectives.pairwise("sigmoid, bco_pair", cfg("loss_weights", "0.8,0.2"));
    assertEquals(0.783650, mpoString.evaluate(tv1()).loss(), TOL);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "reverse_kl, 0.645020",
    "forward_kl, 0.639142",
    "js_divergence, 0.668622",
    "alpha_divergence, 0.643591",
  })
  void tv2FDivergences(String f, double mean) {
    PairwiseResult r = Objectives.pairwise("sigmoid", cfg("f_divergence_type", f)).evaluate(tv1());
    assertEquals(mean, r.loss(), TOL, f);
  }

  @Test
  void tv2Deltas() {
    double[][] expected = {
      {1.280842, 0.0, 2.111751}, {0.660815, 0.0, 0.839185}, {1.354990, 0.0, 1.739841},
    };
    FDivergence[] fs = {FDivergence.FORWARD_KL, FDivergence.JS_DIVERGENCE, FDivergence.ALPHA_DIVERGENCE};
    double[] lw = {1, 1, 0.5};
    double[] ll = {-0.5, 1, -1};
    for (int k = 0; k < fs.length; k++) {
      for (int i = 0; i < 3; i++) {
        double d = fs[k].score(lw[i], 0.5) - fs[k].score(ll[i], 0.5);
        assertEquals(expected[k][i], d, 1e-6, fs[k] + " pair " + i);
      }
    }
  }

  @Test
  void tv3Aot() {
    PairwiseResult aot = Objectives.pairwise("aot", Map.of()).evaluate(tv1());
    assertEquals(0.645020, aot.loss(), TOL);
    // δ = [0, 1.5, 1.5] in sorted order: the first loss is log 2
    assertEquals(Math.log(2), aot.losses()[0], 1e-12);
    PairwiseResult unpaired = Objectives.pairwise("aot_unpaired", Map.of()).evaluate(tv1());
    assertEquals(0.645020, unpaired.loss(), TOL);
    assertEquals(Math.log(2), unpaired.losses()[2], 1e-12);
  }

  @Test
  void tv4LengthDesensitized() {
    double[][] pc = {{-1, -2, -3}};
    double[][] pr = {{-0.5, -1, -1.5, -2, -2.5}};
    double[][] rc = {{-1.5, -2, -2.5}};
    double[][] rr = {{-1, -1, -1, -1, -1}};
    PairwiseBatch b = LengthDesensitizedAggregation.batch(pc, pr, rc, rr, 0.5);
    assertEquals(0.0, b.policyChosen()[0] - b.referenceChosen()[0], 1e-12);
    assertEquals(-1.25, b.policyRejected()[0] - b.referenceRejected()[0], 1e-12);
    PairwiseObjective ld = Objectives.pairwise("ld_dpo", cfg("ld_alpha", 0.5));
    PairwiseResult r = ld.evaluate(b);
    assertEquals(0.632599, r.loss(), TOL);
    PairwiseBatch plain = LengthDesensitizedAggregation.batch(pc, pr, rc, rr, 1.0);
    assertEquals(0.575939, ld.evaluate(plain).loss(), TOL);
    double[][] tg = LengthDesensitizedAggregation.tokenGradients(
        r.gradPolicyRejected(), b.rejectedLengths(), b.chosenLengths(), 0.5);
    double g = r.gradPolicyRejected()[0];
    assertArrayEquals(new double[] {g, g, g, 0.5 * g, 0.5 * g}, tg[0], 0.0);
  }

  @Test
  void tv7Orpo() {
    // averaged log-probs c̄ = [−0.5, −1.0], r̄ = [−1.2, −0.9]; chosen lengths [2, 3] make the token-mean NLL 0.8
    PairwiseBatch b = PairwiseBatch.referenceFree(
        new double[] {-1.0, -3.0}, new double[] {-1.2, -0.9}, new int[] {2, 3}, new int[] {1, 1});
    PairwiseResult r = Objectives.pairwise("orpo", Map.of()).evaluate(b);
    assertEquals(0.851230, r.loss(), TOL);
    assertEquals((-0.246553 - 0.778051) / 2, r.metric("log_odds_ratio"), TOL);
    assertEquals((1.274370 - 0.163160) / 2, r.metric("log_odds_chosen"), TOL);
    assertEquals(0.8, r.metric("nll_loss"), 1e-12);
    assertEquals(0.851230, CombinedPairwiseLoss.orpo(0.1).evaluate(b).loss(), TOL);
  }

  @Test
  void tv8Cpo() {
    // summed c = [−10, −20], r = [−12, −19]; chosen lengths summing to 25 give NLL 1.2
    PairwiseBatch b = PairwiseBatch.referenceFree(
        new double[] {-10, -20}, new double[] {-12, -19}, new int[] {10, 15}, new int[] {10, 10});
    assertEquals(1.871268, Objectives.pairwise("cpo", Map.of()).evaluate(b).loss(), TOL);
  }

  @Test
  void tv8SimpoAndAlphapo() {
    // averaged c̄ = [−0.8, −1.1], r̄ = [−1, −1] as sums over 10 tokens
    PairwiseBatch b = PairwiseBatch.referenceFree(
        new double[] {-8, -11}, new double[] {-10, -10}, new int[] {10, 10}, new int[] {10, 10});
    // TV8 is the SimPO paper's loss: cpo_alpha 0 (TRL's default 1.0 adds the NLL, see TrlConfigPortingTest)
    PairwiseResult simpo =
        Objectives.pairwise("simpo", cfg("beta", 2.0, "simpo_gamma", 0.5, "cpo_alpha", 0.0)).evaluate(b);
    assertArrayEquals(new double[] {0.744397, 1.103186}, simpo.losses(), TOL);
    assertEquals(0.923791, simpo.loss(), TOL);
    PairwiseResult alphapo =
        Objectives.pairwise("alphapo", cfg("beta", 2.0, "simpo_gamma", 0.5, "alpha", 0.25)).evaluate(b);
    assertEquals(0.918180, alphapo.loss(), TOL);
  }

  @Test
  void handComputedSigmoidGradient() {
    // one pair, Δ = 1.5, β = 0.1: ∂L/∂c = −β σ(−0.15)
    PairwiseBatch b = PairwiseBatch.of(new double[] {-10}, new double[] {-12}, new double[] {-11},
        new double[] {-11.5}, new int[] {5}, new int[] {6});
    PairwiseResult r = PairwiseLoss.dpo(0.1).evaluate(b);
    double expected = -0.1 / (1 + Math.exp(0.15));
    assertEquals(expected, r.gradPolicyChosen()[0], 1e-15);
    assertEquals(-expected, r.gradPolicyRejected()[0], 1e-15);
  }
}
