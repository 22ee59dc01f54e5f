package dev.align4j.optimizers.objective.pairwise;

import static dev.align4j.optimizers.objective.pairwise.PairwiseTestSupport.cfg;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseBatch;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gives an IllegalArgumentException whose message names the argument (or index), the value and the rule. */
class PairwiseInputValidationTest {
  private static final int[] ONE = {1};

  private static void assertMessage(Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), () -> "message \"" + e.getMessage() + "\" lacks \"" + p + "\"");
    }
  }

  @Test
  void mismatchedArrayLengths() {
    assertMessage(() -> PairwiseBatch.of(new double[] {-1, -2}, new double[] {-1}, new double[] {-1, -2},
        new double[] {-1, -2}, new int[] {1, 1}, new int[] {1, 1}), "policyRejected", "2", "1");
    assertMessage(() -> PairwiseBatch.of(new double[] {-1}, new double[] {-1}, new double[] {-1, -2},
        new double[] {-1}, ONE, ONE), "referenceChosen", "same length");
    assertMessage(() -> PairwiseBatch.referenceFree(new double[] {-1}, new double[] {-1}, new int[] {1, 2}, ONE),
        "chosenLengths");
  }

  @Test
  void nonFiniteAndPositiveLogProbabilities() {
    assertMessage(() -> PairwiseBatch.referenceFree(new double[] {-1, Double.NaN}, new double[] {-1, -1},
        new int[] {1, 1}, new int[] {1, 1}), "policyChosen[1]", "NaN", "log-probability");
    assertMessage(() -> PairwiseBatch.referenceFree(new double[] {-1}, new double[] {Double.NEGATIVE_INFINITY},
        ONE, ONE), "policyRejected[0]", "-Infinity");
    assertMessage(() -> PairwiseBatch.of(new double[] {-1}, new double[] {-1}, new double[] {0.5},
        new double[] {-1}, ONE, ONE), "referenceChosen[0]", "0.5", "<= 0");
  }

  @Test
  void halfAReferenceAndNegativeLengthsAndEmptyBatches() {
    assertMessage(() -> new PairwiseBatch(new double[] {-1}, new double[] {-1}, new double[] {-1}, null, ONE, ONE),
        "referenceChosen and referenceRejected");
    assertMessage(() -> PairwiseBatch.referenceFree(new double[] {-1}, new double[] {-1}, new int[] {-3}, ONE),
        "chosenLengths[0]", "-3");
    assertMessage(() -> PairwiseBatch.referenceFree(new double[0], new double[0], new int[0], new int[0]),
        "at least one pair");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ipo", "sigmoid_norm", "simpo", "cpo_ipo", "alphapo", "orpo"})
  void zeroLengthsWhereALengthIsDividedBy(String lossType) {
    PairwiseBatch b = PairwiseBatch.of(new double[] {-1, -2}, new double[] {-3, -1}, new double[] {-1, -1},
        new double[] {-1, -1}, new int[] {3, 0}, new int[] {2, 2});
    assertMessage(() -> Objectives.pairwise(lossType, Map.of()).evaluate(b), "chosenLengths[1]", "0", ">= 1");
  }

  @Test
  void sftNeedsAtLeastOneChosenToken() {
    PairwiseBatch b = PairwiseBatch.referenceFree(new double[] {0}, new double[] {-1}, new int[] {0}, ONE);
    assertMessage(() -> Objectives.pairwise("sft", Map.of()).evaluate(b), "chosenLengths[0]", "sft", ">= 1");
  }

  @Test
  void orpoRejectsProbabilityOne() {
    PairwiseBatch b = PairwiseBatch.referenceFree(new double[] {-1, 0}, new double[] {-1, -1}, new int[] {1, 4},
        new int[] {1, 1});
    assertMessage(() -> Objectives.pairwise("orpo", Map.of()).evaluate(b), "policyChosen[1]", "< 0", "orpo");
  }

  @Test
  void alphapoOverflowIsReported() {
    PairwiseBatch b = PairwiseBatch.referenceFree(new double[] {-5000}, new double[] {-1}, ONE, ONE);
    assertMessage(() -> Objectives.pairwise("alphapo", Map.of("alpha", 0.25)).evaluate(b), "policyChosen[0]", "-5000",
        "700");
  }

  @Test
  void unknownLossTypeListsTheValidOnes() {
    assertMessage(() -> Objectives.pairwise("sigmod", Map.of()), "sigmod", "sigmoid", "apo_zero", "orpo", "simpo");
    assertMessage(() -> Objectives.pairwise("sigmoid,", Map.of()), "empty entry");
    assertMessage(() -> PairwiseLossType.fromTrlName("kto"), "kto", "valid");
  }

  @Test
  void unknownConfigKeyListsTheValidOnes() {
    assertMessage(() -> Objectives.pairwise("sigmoid", cfg("bta", 0.1)), "bta", "beta", "f_divergence_type");
    // keys of another loss type are unknown here: simpo_gamma does not apply to sigmoid
    assertMessage(() -> Objectives.pairwise("sigmoid", cfg("simpo_gamma", 0.5)), "simpo_gamma", "valid keys");
    assertMessage(() -> Objectives.pairwise("simpo", cfg("f_divergence_type", "forward_kl")), "f_divergence_type");
  }

  @Test
  void outOfRangeHyperParameters() {
    assertMessage(() -> Objectives.pairwise("sigmoid", cfg("beta", 0)), "beta", "0", "> 0");
    assertMessage(() -> Objectives.pairwise("sigmoid", cfg("beta", "NaN")), "beta", "NaN");
    assertMessage(() -> Objectives.pairwise("exo_pair", Map.of()), "label_smoothing", "(0, 1)", "exo_pair");
    assertMessage(() -> Objectives.pairwise("robust", cfg("label_smoothing", 0.5)), "label_smoothing", "0.5");
    assertMessage(() -> Objectives.pairwise("cdpo", cfg("label_smoothing", 1.5)), "label_smoothing", "1.5");
    assertMessage(() -> Objectives.pairwise("discopop", cfg("discopop_tau", 1.0)), "discopop_tau", "1.0");
    assertMessage(() -> Objectives.pairwise("sigmoid", cfg("f_divergence_type", "kl")), "f_divergence_type", "kl",
        "reverse_kl");
    assertMessage(() -> Objectives.pairwise("r_dpo", cfg("rdpo_alpha", -1)), "rdpo_alpha", "-1");
    assertMessage(() -> Objectives.pairwise("dpop", cfg("dpop_lambda", -2)), "dpop_lambda");
    assertMessage(() -> Objectives.pairwise("ld_dpo", Map.of()), "ld_alpha", "must be set");
    assertMessage(() -> Objectives.pairwise("ld_dpo", cfg("ld_alpha", 1.5)), "ld_alpha", "1.5");
    assertMessage(() -> Objectives.pairwise("simpo", cfg("simpo_gamma", -0.1)), "simpo_gamma");
    assertMessage(() -> Objectives.pairwise("sigmoid,sft", cfg("loss_weights", "1")), "loss_weights", "2", "1");
    assertMessage(() -> Objectives.pairwise("sigmoid,sft", cfg("loss_weights", "1,x")), "loss_weights[1]", "x");
    assertMessage(() -> Objectives.pairwise("sigmoid", cfg("reference_free", "maybe")), "reference_free", "maybe");
  }

  @Test
  void outputBuffersMustBeLargeEnough() {
    PairwiseBatch b = PairwiseBatch.referenceFree(new double[] {-1, -2}, new double[] {-1, -3}, new int[] {1, 1},
        new int[] {1, 1});
    assertMessage(() -> PairwiseLoss.dpo(0.1).evaluateInto(b, new double[1], new double[2], new double[2]),
        "losses", "2", "1");
  }
}
