package dev.align4j.optimizers.objective;

import java.util.Map;
import java.util.SortedSet;

/**
 * The string registry of objectives, for configuration files and for people porting TRL configs: TRL's
 * {@code loss_type} names and config field names with TRL's defaults (reference: {@code trl-objectives.md}). Typed
 * builders ({@code PairwiseLoss}, {@code CombinedPairwiseLoss}, ... in the family packages) are the primary Java API.
 *
 * <p>Unknown loss types and unknown config keys are errors whose messages list the valid ones.
 *
 * <p>The registry reaches the family packages ({@code objective.pairwise}, {@code objective.unpaired},
 * {@code objective.listwise}, {@code objective.policygradient}) through their {@link ObjectiveFamily} providers, found
 * by {@link java.util.ServiceLoader}, so that this package does not depend on them (they implement its interfaces).
 * A family missing from the module descriptor or from {@code META-INF/services} is an {@link IllegalStateException}
 * that names the providers found.
 */
public final class Objectives {
  /**
   * The weight of the NLL term that {@code cpo}, {@code cpo_hinge}, {@code cpo_ipo} and {@code simpo} add,
   * {@code cpo_alpha} (TRL {@code CPOConfig.cpo_alpha}).
   */
  public static final double DEFAULT_CPO_ALPHA = 1.0;

  private Objectives() {}

  /**
   * A pairwise objective by TRL {@code loss_type}.
   *
   * <p>{@code lossType} is one name ({@code "sigmoid"}) or a comma-separated list for TRL's multi-loss
   * ({@code "sigmoid,bco_pair,sft"}); the list's weights come from the config key {@code loss_weights} (a list, an
   * array or a comma-separated string, default all 1.0, the same length as the list). Loss types are
   * {@code PairwiseLossType.names()}; config keys are those read by any listed type: {@code beta},
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
   * @throws IllegalStateException when no {@link ObjectiveFamily} provides pairwise objectives
   */
  public static PairwiseObjective pairwise(String lossType, Map<String, ?> config) {
    return create(ObjectiveFamily.Kind.PAIRWISE, PairwiseObjective.class, lossType, config);
  }

  /**
   * An unpaired objective ({@code kto}, {@code apo_zero_unpaired}, {@code bco}, {@code npo}); delegates to
   * {@code UnpairedObjectives.create(lossType, config)} (package {@code objective.unpaired}).
   *
   * @throws IllegalArgumentException for an unknown loss type or key (listing the valid ones) or a bad value
   * @throws IllegalStateException when no {@link ObjectiveFamily} provides unpaired objectives
   */
  public static UnpairedObjective unpaired(String lossType, Map<String, ?> config) {
    return create(ObjectiveFamily.Kind.UNPAIRED, UnpairedObjective.class, lossType, config);
  }

  /**
   * A listwise objective ({@code dpo_pl}, {@code pro}, {@code lipo_lambda}, {@code rrhf}); delegates to
   * {@code ListwiseObjectives.create(lossType, config)} (package {@code objective.listwise}).
   *
   * @throws IllegalArgumentException for an unknown loss type or key (listing the valid ones) or a bad value
   * @throws IllegalStateException when no {@link ObjectiveFamily} provides listwise objectives
   */
  public static ListwiseObjective listwise(String lossType, Map<String, ?> config) {
    return create(ObjectiveFamily.Kind.LISTWISE, ListwiseObjective.class, lossType, config);
  }

  /**
   * A policy-gradient objective (PPO, GRPO's aggregations, GSPO, RLOO); delegates to
   * {@code PolicyGradientObjectives.create(lossType, config)} (package {@code objective.policygradient}).
   *
   * @throws IllegalArgumentException for an unknown loss type or key (listing the valid ones) or a bad value
   * @throws IllegalStateException when no {@link ObjectiveFamily} provides policy-gradient objectives
   */
  public static PolicyGradientObjective policyGradient(String lossType, Map<String, ?> config) {
    return create(
        ObjectiveFamily.Kind.POLICY_GRADIENT, PolicyGradientObjective.class, lossType, config);
  }

  /**
   * The {@code loss_type} names of {@code kind}, sorted (for pairwise, the single names a comma-separated list is
   * made of).
   *
   * @throws IllegalStateException when no {@link ObjectiveFamily} provides {@code kind}
   */
  public static SortedSet<String> lossTypes(ObjectiveFamily.Kind kind) {
    return ObjectiveFamilies.installed().lossTypes(kind);
  }

  private static <O> O create(
      ObjectiveFamily.Kind kind, Class<O> type, String lossType, Map<String, ?> config) {
    return ObjectiveFamilies.installed().create(kind, type, lossType, config);
  }
}
