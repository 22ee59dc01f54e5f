package dev.align4j.optimizers.objective.pairwise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sigmoid DPO under the {@code alpha_divergence} score where the loss is log 2 or rounds to it: the pair the descent
 * property met with a loss that stayed at exactly log 2 (Δ ≈ −7e-18, gradients 3.5e-18 and 4.2e-28, far below what a
 * central difference of a loss near 0.69 resolves), Δ = 0 exactly, and pairs just across Δ = 0 and beyond. Loss and
 * both gradients against 60-digit values (mpmath's numerical derivative of the TRL formula, no hand-derived
 * gradient), each gradient relative to its own size. Values from {@code src/test/python/alpha_divergence_near_log2.py}.
 */
class AlphaDivergenceNearLog2Test {

  @ParameterizedTest(name = "beta={0} alpha={1} chosen={2} rejected={3}")
  @CsvSource({
    "0.762937181639913, -0.7643549539445059, -6.658236486956653, -3.650325776963591, -28.894456837882675, "
        + "-38.83649086153109, 6.931471805599453114e-1, -3.4911087471040934852e-18, 4.1693959290292448522e-28",
    "0.762937181639913, -0.7643549539445059, -3.0, -3.0, -3.3, -3.3, 6.9314718055994530942e-1, "
        + "-2.2469007998661953898e-1, 2.2469007998661953898e-1",
    "0.762937181639913, -0.7643549539445059, -3.0, -3.01, -3.3, -3.3, 6.9088291029506133548e-1, "
        + "-2.2418074450070379512e-1, 2.2817118784803471734e-1",
    "0.762937181639913, -0.7643549539445059, -3.5, -2.5, -3.0, -3.0, 1.2169725493072510861, "
        + "-1.2975046900763486242, 2.2225897939195624186e-1",
    "0.1, 2.0, -30.0, -31.0, -1.0, -1.5, 6.9314718055994030515e-1, -1.2718328236884551612e-14, "
        + "7.7140560159594009898e-15",
    "0.1, 0.5, -12.0, -12.0, -2.0, -2.0, 6.9314718055994530942e-1, -7.420657955128830583, 7.420657955128830583"
  })
  void lossAndGradientsMatchTheReference(
      double beta,
      double alpha,
      double chosen,
      double rejected,
      double refChosen,
      double refRejected,
      double loss,
      double gradChosen,
      double gradRejected) {
    PairwiseLoss sigmoid =
        PairwiseLoss.builder(PairwiseLossType.SIGMOID)
            .beta(beta)
            .fDivergence(FDivergence.ALPHA_DIVERGENCE)
            .fAlphaDivergenceCoef(alpha)
            .build();
    PairwiseResult r =
        sigmoid.evaluate(
            PairwiseBatch.of(
                new double[] {chosen},
                new double[] {rejected},
                new double[] {refChosen},
                new double[] {refRejected},
                new int[] {1},
                new int[] {1}));
    assertEquals(loss, r.loss(), 1e-15 * loss, "loss");
    assertEquals(
        gradChosen, r.gradPolicyChosen()[0], 1e-13 * Math.abs(gradChosen), "gradPolicyChosen");
    assertEquals(
        gradRejected,
        r.gradPolicyRejected()[0],
        1e-13 * Math.abs(gradRejected),
        "gradPolicyRejected");
  }
}
