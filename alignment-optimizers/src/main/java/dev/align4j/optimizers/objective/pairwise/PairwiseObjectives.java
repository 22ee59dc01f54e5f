package dev.align4j.optimizers.objective.pairwise;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.ObjectiveConfig;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseObjective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The string registry of pairwise objectives: TRL's {@code loss_type} names (one, or a comma-separated list for
 * TRL's multi-loss) and config field names with TRL's defaults (reference: {@code trl-objectives.md}).
 * {@code Objectives.pairwise(lossType, config)} delegates here through {@link PairwiseObjectiveFamily}. Typed builders
 * ({@link PairwiseLoss}, {@link CombinedPairwiseLoss}, ...) are the primary Java API.
 *
 * <p>Unknown loss types and unknown config keys are errors whose messages list the valid ones.
 */
public final class PairwiseObjectives {
  private static final Set<String> COMMON_KEYS = Set.of("beta", "loss_weights");

  private PairwiseObjectives() {}

  /** The valid single loss types ({@link PairwiseLossType#names()}); a list joins them with commas. */
  public static Set<String> lossTypes() {
    return PairwiseLossType.names();
  }

  /**
   * A pairwise objective by TRL {@code loss_type}; {@link Objectives#pairwise(String, Map)} delegates here.
   *
   * <p>{@code lossType} is one name ({@code "sigmoid"}) or a comma-separated list for TRL's multi-loss
   * ({@code "sigmoid,bco_pair,sft"}); the list's weights come from the config key {@code loss_weights} (a list, an
   * array or a comma-separated string, default all 1.0, the same length as the list). Loss types are
   * {@link #lossTypes()}; config keys are those read by any listed type: {@code beta},
   * {@code loss_weights}, {@code label_smoothing}, {@code f_divergence_type}, {@code f_alpha_divergence_coef},
   * {@code discopop_tau}, {@code reference_free}, {@code ipo_length_normalization}, {@code rdpo_alpha},
   * {@code dpop_lambda}, {@code beta_dpo_alpha}, {@code beta_dpo_threshold}, {@code ld_alpha}, {@code slic_delta},
   * {@code simpo_gamma}, {@code cpo_alpha}, {@code alpha}. Hyper-parameters are shared by every listed type, as in
   * TRL's single config.
   *
   * <p>TRL's {@code CPOConfig} semantics for CPOTrainer's types (trl/experimental/cpo/cpo_config.py,
   * {@code CPOConfig} and its {@code __post_init__}): {@code cpo}, {@code cpo_hinge}, {@code cpo_ipo} and
   * {@code simpo} add {@code cpo_alpha}·NLL with {@code cpo_alpha} = 1.0 by default — so {@code simpo} is CPO-SimPO;
   * {@code cpo_alpha: 0} gives the SimPO paper's loss. {@code alphapo} is TRL's sugar for {@code simpo} with
   * {@code cpo_alpha} forced to 0 and AlphaPO's {@code alpha} (default 0.0 as in TRL, which is plain SimPO: set it);
   * a {@code cpo_alpha} key with {@code alphapo} is refused, since TRL would silently overwrite it — use
   * {@code simpo} with {@code alpha} and {@code cpo_alpha} for AlphaPO with an NLL term. {@code alpha} ≠ 0 with
   * {@code simpo} is AlphaPO's reward, as in TRL (the term then reports as {@code alphapo}). {@code orpo} always adds
   * 1.0·NLL (ORPO's loss). NLL is {@code sft}'s token-mean over the chosen completions, scaled by the type's
   * {@code loss_weights} entry; each listed type adds its own (the metric {@code loss/sft} reports the NLL once).
   *
   * @throws IllegalArgumentException for an unknown loss type or key, a bad value, or {@code cpo_alpha} with
   *     {@code alphapo}
   */
  public static PairwiseObjective create(String lossType, Map<String, ?> config) {
    Require.nonNull("lossType", lossType);
    Require.nonNull("config", config);
    List<PairwiseLossType> types = new ArrayList<>();
    for (String part : lossType.split(",", -1)) {
      String name = part.trim();
      Require.argument(
          !name.isEmpty(),
          "loss_type \"%s\" has an empty entry; valid: %s",
          lossType,
          new TreeSet<>(PairwiseLossType.names()));
      types.add(PairwiseLossType.fromTrlName(name));
    }
    Require.argument(
        !types.contains(PairwiseLossType.ALPHAPO) || !config.containsKey("cpo_alpha"),
        "cpo_alpha cannot be set with loss_type alphapo: TRL's CPOConfig turns alphapo into simpo with cpo_alpha "
            + "forced to 0 (a set value is silently overwritten there); for AlphaPO with an NLL term use loss_type "
            + "simpo with alpha and cpo_alpha, was cpo_alpha = %s",
        config.get("cpo_alpha"));
    Set<String> valid = new LinkedHashSet<>(COMMON_KEYS);
    for (PairwiseLossType t : types) {
      valid.addAll(t.configKeys());
    }
    ObjectiveConfig cfg = ObjectiveConfig.of(lossType, config, valid);
    double[] weights = cfg.getDoubles("loss_weights");
    if (weights == null) {
      weights = new double[types.size()];
      Arrays.fill(weights, 1.0);
    }
    Require.argument(
        weights.length == types.size(),
        "loss_weights must have one weight per loss_type entry (%d for \"%s\"), had %d",
        types.size(),
        lossType,
        weights.length);

    CombinedPairwiseLoss.Builder combined = CombinedPairwiseLoss.builder();
    int count = 0;
    for (int k = 0; k < types.size(); k++) {
      PairwiseLossType t = types.get(k);
      PairwiseLoss loss = pairwiseLoss(t, cfg);
      combined.add(loss, weights[k]);
      count++;
      double nllWeight = nllWeight(t, cfg);
      if (nllWeight != 0) {
        combined.add(
            PairwiseLoss.builder(PairwiseLossType.SFT).beta(loss.beta()).build(),
            weights[k] * nllWeight);
        count++;
      }
    }
    if (count == 1 && weights[0] == 1.0) {
      return pairwiseLoss(types.get(0), cfg);
    }
    return combined.build();
  }

  private static double nllWeight(PairwiseLossType t, ObjectiveConfig cfg) {
    switch (t) {
      case CPO:
      case CPO_HINGE:
      case CPO_IPO:
      case SIMPO:
        return cfg.getDouble("cpo_alpha", Objectives.DEFAULT_CPO_ALPHA);
      case ALPHAPO:
        return 0.0; // TRL CPOConfig.__post_init__: alphapo sets cpo_alpha = 0
      case ORPO:
        return 1.0;
      default:
        return 0.0;
    }
  }

  private static PairwiseLoss pairwiseLoss(PairwiseLossType t, ObjectiveConfig cfg) {
    // TRL's CPO applies AlphaPO's reward to simpo when alpha != 0: that is this library's alphapo
    // type
    PairwiseLossType built =
        t == PairwiseLossType.SIMPO && cfg.getDouble("alpha", PairwiseLoss.DEFAULT_ALPHA) != 0
            ? PairwiseLossType.ALPHAPO
            : t;
    PairwiseLoss.Builder b = PairwiseLoss.builder(built);
    // Only the keys that are present and that this type reads (a multi-loss config holds the union
    // of the listed
    // types' keys): an absent key keeps the builder's default, so each default is stated once, on
    // PairwiseLoss.
    List<String> keys = t.settings();
    for (String key : keys) {
      if (cfg.has(key)) {
        apply(b, key, cfg);
      }
    }
    return b.build();
  }

  /** Sets the one setting {@code key} (present in {@code cfg}) on {@code b}. */
  private static void apply(PairwiseLoss.Builder b, String key, ObjectiveConfig cfg) {
    switch (key) {
      case "beta":
        b.beta(cfg.getDouble(key, Double.NaN));
        break;
      case "label_smoothing":
        b.labelSmoothing(cfg.getDouble(key, Double.NaN));
        break;
      case "f_divergence_type":
        b.fDivergence(FDivergence.fromTrlName(cfg.getString(key, "")));
        break;
      case "f_alpha_divergence_coef":
        b.fAlphaDivergenceCoef(cfg.getDouble(key, Double.NaN));
        break;
      case "reference_free":
        b.referenceFree(cfg.getBoolean(key, false));
        break;
      case "discopop_tau":
        b.discopopTau(cfg.getDouble(key, Double.NaN));
        break;
      case "ipo_length_normalization":
        b.ipoLengthNormalization(cfg.getBoolean(key, false));
        break;
      case "rdpo_alpha":
        b.rdpoAlpha(cfg.getDouble(key, Double.NaN));
        break;
      case "dpop_lambda":
        b.dpopLambda(cfg.getDouble(key, Double.NaN));
        break;
      case "beta_dpo_alpha":
        b.betaDpoAlpha(cfg.getDouble(key, Double.NaN));
        break;
      case "beta_dpo_threshold":
        b.betaDpoThreshold(cfg.getDouble(key, Double.NaN));
        break;
      case "ld_alpha":
        b.ldAlpha(cfg.getDouble(key, Double.NaN));
        break;
      case "slic_delta":
        b.slicDelta(cfg.getDouble(key, Double.NaN));
        break;
      case "simpo_gamma":
        b.simpoGamma(cfg.getDouble(key, Double.NaN));
        break;
      case "alpha":
        b.alpha(cfg.getDouble(key, Double.NaN));
        break;
      default:
        throw new IllegalStateException("no builder setting for config key " + key);
    }
  }
}
