package dev.align4j.optimizers.objective.pairwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The typed builder is as strict as the string registry: for every loss type and every setting, the builder accepts
 * the setting exactly when the registry accepts its config key, and refuses it with a message that names the setting,
 * the loss type and the settings the type reads; both have the same defaults.
 */
class PairwiseLossSettingsTest {

  /** One builder setting: its config key, a value valid for every type, and the same value for the registry. */
  private record Setting(String key, Consumer<PairwiseLoss.Builder> set, Object configValue) {
    @Override
    public String toString() {
      return key;
    }
  }

  /** Every setting of {@link PairwiseLoss.Builder}, with a value that every type that reads it accepts. */
  private static final List<Setting> SETTINGS = List.of(
      new Setting("beta", b -> b.beta(0.2), 0.2),
      new Setting("label_smoothing", b -> b.labelSmoothing(0.001), 0.001),
      new Setting("f_divergence_type", b -> b.fDivergence(FDivergence.JS_DIVERGENCE), "js_divergence"),
      new Setting("f_alpha_divergence_coef", b -> b.fAlphaDivergenceCoef(0.3), 0.3),
      new Setting("discopop_tau", b -> b.discopopTau(0.1), 0.1),
      new Setting("ipo_length_normalization", b -> b.ipoLengthNormalization(false), false),
      new Setting("rdpo_alpha", b -> b.rdpoAlpha(0.02), 0.02),
      new Setting("dpop_lambda", b -> b.dpopLambda(10), 10.0),
      new Setting("beta_dpo_alpha", b -> b.betaDpoAlpha(0.3), 0.3),
      new Setting("beta_dpo_threshold", b -> b.betaDpoThreshold(0.1), 0.1),
      new Setting("ld_alpha", b -> b.ldAlpha(0.5), 0.5),
      new Setting("slic_delta", b -> b.slicDelta(2), 2.0),
      new Setting("simpo_gamma", b -> b.simpoGamma(0.9), 0.9),
      new Setting("alpha", b -> b.alpha(0.25), 0.25),
      new Setting("reference_free", b -> b.referenceFree(true), true));

  static Stream<Arguments> everyTypeAndSetting() {
    return Stream.of(PairwiseLossType.values())
        .flatMap(t -> SETTINGS.stream().map(s -> Arguments.of(t, s)));
  }

  /** The settings a type cannot build without (exo_pair's ε in (0, 1), ld_dpo's α), as registry keys. */
  private static Map<String, Object> required(PairwiseLossType t) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (t == PairwiseLossType.EXO_PAIR) {
      out.put("label_smoothing", 0.001);
    }
    if (t == PairwiseLossType.LD_DPO) {
      out.put("ld_alpha", 0.5);
    }
    return out;
  }

  private static PairwiseLoss.Builder requiredOnBuilder(PairwiseLossType t) {
    PairwiseLoss.Builder b = PairwiseLoss.builder(t);
    if (t == PairwiseLossType.EXO_PAIR) {
      b.labelSmoothing(0.001);
    }
    if (t == PairwiseLossType.LD_DPO) {
      b.ldAlpha(0.5);
    }
    return b;
  }

  /** Whether the registry accepts {@code key} for the single type {@code t} (it throws on an unknown key). */
  private static boolean registryAccepts(PairwiseLossType t, Setting s) {
    Map<String, Object> config = required(t);
    config.put(s.key(), s.configValue());
    try {
      Objectives.pairwise(t.trlName(), config);
      return true;
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith("unknown config key \"" + s.key() + "\"")) {
        return false;
      }
      throw e;
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyTypeAndSetting")
  void builderAndRegistryAcceptTheSameSettings(PairwiseLossType t, Setting s) {
    boolean registry = registryAccepts(t, s);
    PairwiseLoss.Builder b = requiredOnBuilder(t);
    if (registry) {
      s.set().accept(b);
      PairwiseLoss built = b.build();
      assertEquals(t, built.type());
      assertTrue(t.settings().contains(s.key()), t + " reads " + s.key() + " but settings() omits it");
    } else {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.set().accept(b),
          "the builder accepted " + s.key() + " for " + t.trlName() + ", which the registry refuses");
      assertTrue(e.getMessage().contains(s.key()), e.getMessage());
      assertTrue(e.getMessage().contains("loss_type " + t.trlName()), e.getMessage());
      assertTrue(e.getMessage().contains(t.settings().toString()), e.getMessage());
      assertTrue(!t.settings().contains(s.key()), t + " settings() lists " + s.key());
    }
  }

  @Test
  void simpoGammaOnSigmoidIsRefusedWithTheSettingsSigmoidReads() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PairwiseLoss.builder(PairwiseLossType.SIGMOID).simpoGamma(0.9));
    assertEquals("simpo_gamma is not read by loss_type sigmoid; sigmoid reads "
        + "[beta, reference_free, f_divergence_type, f_alpha_divergence_coef]", e.getMessage());
  }

  @Test
  void aRefusedSettingLeavesTheBuilderAsItWas() {
    PairwiseLoss.Builder b = PairwiseLoss.builder(PairwiseLossType.SIGMOID).beta(0.3);
    assertThrows(IllegalArgumentException.class, () -> b.labelSmoothing(0.2));
    PairwiseBatch batch = PairwiseTrlVectorsTest.tv1();
    assertArrayEquals(PairwiseLoss.dpo(0.3).evaluate(batch).losses(), b.build().evaluate(batch).losses(), 0.0);
  }

  /** Every type the registry builds as one loss (no NLL term): an empty config gives the builder's defaults. */
  @ParameterizedTest
  @EnumSource(PairwiseLossType.class)
  void registryAndBuilderHaveTheSameDefaults(PairwiseLossType t) {
    PairwiseBatch batch = PairwiseTrlVectorsTest.tv1();
    PairwiseResult fromRegistry = Objectives.pairwise(t.trlName(), required(t)).evaluate(batch);
    PairwiseResult typed = requiredOnBuilder(t).build().evaluate(batch);
    boolean addsNll = t.configKeys().contains("cpo_alpha") || t == PairwiseLossType.ORPO;
    if (addsNll) {
      // the registry adds cpo_alpha·NLL (TRL CPOConfig.cpo_alpha = 1; ORPO always 1): the difference is that term
      double nll = PairwiseLoss.builder(PairwiseLossType.SFT).build().evaluate(batch).loss();
      double weight = t == PairwiseLossType.ORPO ? 1.0 : Objectives.DEFAULT_CPO_ALPHA;
      assertEquals(typed.loss() + weight * nll, fromRegistry.loss(), 1e-12, t.trlName());
    } else {
      assertArrayEquals(typed.losses(), fromRegistry.losses(), 0.0, t.trlName());
      assertArrayEquals(typed.gradPolicyChosen(), fromRegistry.gradPolicyChosen(), 0.0, t.trlName());
    }
  }

  /**
   * The defaults mean the published values: DPO-Positive's λ = 50 (Pal et al. 2024) and DiscoPOP's τ = 0.05 (TRL),
   * recomputed here from the formulas on one pair.
   */
  @Test
  void defaultsAreThePublishedValues() {
    double c = -10;
    double r = -12;
    double c0 = -9;
    double r0 = -12.5;
    PairwiseBatch one = PairwiseBatch.of(new double[] {c}, new double[] {r}, new double[] {c0},
        new double[] {r0}, new int[] {5}, new int[] {6});
    double beta = 0.1;
    double w = c - c0;
    double l = r - r0;
    // DPOP: −log σ(β(Δ − λ·max(0, −ℓ_w))), λ = 50
    double dpop = -StableMath.logSigmoid(beta * (w - l - 50 * Math.max(0, -w)));
    assertEquals(dpop, Objectives.pairwise("dpop", Map.of()).evaluate(one).loss(), 1e-12);
    // DiscoPOP: x = βΔ, m = σ(x/τ): (1 − m)(−log σ(x)) + m·e^{−x}, τ = 0.05
    double x = beta * (w - l);
    double m = StableMath.sigmoid(x / 0.05);
    double discopop = (1 - m) * -StableMath.logSigmoid(x) + m * Math.exp(-x);
    assertEquals(discopop, Objectives.pairwise("discopop", Map.of()).evaluate(one).loss(), 1e-12);
    assertEquals(discopop, PairwiseLoss.builder(PairwiseLossType.DISCOPOP).build().evaluate(one).loss(), 1e-12);
  }

  @Test
  void settingsAreTheRegistryKeysWithoutTheNllWeight() {
    for (PairwiseLossType t : PairwiseLossType.values()) {
      List<String> settings = t.settings();
      assertEquals("beta", settings.get(0), t.trlName());
      for (String key : t.configKeys()) {
        if (!key.equals("cpo_alpha") && !settings.contains(key)) {
          fail(t.trlName() + " registry key " + key + " is not a builder setting");
        }
      }
    }
  }
}
