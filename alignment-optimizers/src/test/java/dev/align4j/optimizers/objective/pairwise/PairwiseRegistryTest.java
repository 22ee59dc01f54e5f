package dev.align4j.optimizers.objective.pairwise;

import static dev.align4j.optimizers.objective.pairwise.PairwiseTestSupport.cfg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The string registry: every name reachable, TRL defaults, NLL terms, combinations. */
class PairwiseRegistryTest {

  @Test
  void everyLossTypeIsReachableByName() {
    PairwiseBatch b = PairwiseTrlVectorsTest.tv1();
    assertEquals(27, PairwiseLossType.values().length);
    assertEquals(15, java.util.Arrays.stream(PairwiseLossType.values()).filter(PairwiseLossType::isTrlDpoLossType)
        .count());
    for (String name : PairwiseLossType.names()) {
      Map<String, Object> config = name.equals("exo_pair") ? cfg("label_smoothing", 1e-3)
          : name.equals("ld_dpo") ? cfg("ld_alpha", 0.5) : Map.of();
      PairwiseResult r = Objectives.pairwise(name, config).evaluate(b);
      assertTrue(Double.isFinite(r.loss()) && r.loss() >= 0, name + " " + r.loss());
      assertEquals(name, PairwiseLossType.fromTrlName(name).trlName());
    }
  }

  @Test
  void trlDefaultsAreUsed() {
    PairwiseLoss sigmoid = (PairwiseLoss) Objectives.pairwise("sigmoid", Map.of());
    assertEquals(0.1, sigmoid.beta());
    assertEquals(PairwiseLossType.SIGMOID, sigmoid.type());
    assertTrue(sigmoid.toString().contains("reverse_kl"));
  }

  @Test
  void cpoAndSimpoAddTheirNllWithCpoAlpha() {
    PairwiseBatch b = PairwiseBatch.referenceFree(new double[] {-10, -20}, new double[] {-12, -19},
        new int[] {10, 15}, new int[] {10, 10});
    double nll = 30.0 / 25;
    double plain = PairwiseLoss.builder(PairwiseLossType.CPO).build().evaluate(b).loss();
    assertEquals(plain + nll, Objectives.pairwise("cpo", Map.of()).evaluate(b).loss(), 1e-12);
    assertEquals(plain + 0.3 * nll, Objectives.pairwise("cpo", cfg("cpo_alpha", 0.3)).evaluate(b).loss(), 1e-12);
    assertInstanceOf(PairwiseLoss.class, Objectives.pairwise("cpo", cfg("cpo_alpha", 0)));
    assertInstanceOf(PairwiseLoss.class, Objectives.pairwise("simpo", cfg("cpo_alpha", 0)));
    double simpo = PairwiseLoss.builder(PairwiseLossType.SIMPO).build().evaluate(b).loss();
    assertEquals(simpo + nll, Objectives.pairwise("simpo", Map.of()).evaluate(b).loss(), 1e-12);
    assertEquals(simpo + 0.5 * nll, Objectives.pairwise("simpo", cfg("cpo_alpha", 0.5)).evaluate(b).loss(), 1e-12);
    // a loss_weights entry scales the type and its NLL together
    assertEquals(2 * (plain + nll), Objectives.pairwise("cpo", cfg("loss_weights", List.of(2.0))).evaluate(b).loss(),
        1e-12);
  }

  @Test
  void rpoIsSigmoidPlusWeightedSft() {
    PairwiseBatch b = PairwiseTrlVectorsTest.tv1();
    PairwiseResult viaString = Objectives.pairwise("sigmoid,sft", cfg("loss_weights", List.of(1.0, 0.5))).evaluate(b);
    PairwiseResult typed = CombinedPairwiseLoss.rpo(0.1, 0.5).evaluate(b);
    assertEquals(typed.loss(), viaString.loss(), 1e-15);
    assertEquals(0.645020 + 0.5 * (45.0 / 23), typed.loss(), 1e-6);
    assertEquals(45.0 / 23, typed.metric("nll_loss"), 1e-12);
    assertEquals(0.645020, typed.metric("loss/sigmoid"), 1e-6);
  }

  @Test
  void configValuesMayBeStrings() {
    PairwiseBatch b = PairwiseTrlVectorsTest.tv1();
    double a = Objectives.pairwise("robust", cfg("beta", "0.1", "label_smoothing", "0.1")).evaluate(b).loss();
    assertEquals(0.632520, a, 1e-6);
    double js = Objectives.pairwise("sigmoid", cfg("f_divergence_type", "js_divergence", "reference_free", "false"))
        .evaluate(b).loss();
    assertEquals(0.668622, js, 1e-6);
  }

  @Test
  void paperAlphaConversionIsAnInvolution() {
    assertEquals(0.5, FDivergence.paperAlpha(0.5));
    assertEquals(0.0, FDivergence.paperAlpha(1.0));
    assertEquals(0.3, FDivergence.paperAlpha(FDivergence.paperAlpha(0.3)), 1e-15);
    // legacy α = 1 equals HEAD α = 0, which equals the forward-KL score up to a constant
    for (double l : new double[] {-2, -0.5, 0, 1.5}) {
      assertEquals(FDivergence.FORWARD_KL.score(l, 0), FDivergence.ALPHA_DIVERGENCE.score(l, 0), 1e-15);
    }
  }

  @Test
  void betaDpoThresholdUpdate() {
    assertEquals(0.9 * 1.0 + 0.1 * 3.0, PairwiseLoss.nextBetaDpoThreshold(1.0, 3.0, 0.9), 1e-15);
  }

  @Test
  void familyRegistriesAreReachableThroughObjectives() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Objectives.listwise("no_such_loss", Map.of()));
    assertTrue(e.getMessage().contains("no_such_loss"), e.getMessage());
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Objectives.unpaired("no_such_loss", Map.of())).getMessage().contains("no_such_loss"));
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Objectives.policyGradient("no_such_loss", Map.of())).getMessage().contains("no_such_loss"));
  }
}
