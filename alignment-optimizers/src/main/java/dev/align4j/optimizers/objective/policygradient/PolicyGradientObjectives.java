package dev.align4j.optimizers.objective.policygradient;

import dev.align4j.optimizers.objective.ObjectiveConfig;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The string registry of policy-gradient objectives: TRL's {@code loss_type} names and config field names, for
 * configuration files and for porting TRL configs. {@code Objectives.policyGradient} delegates here.
 *
 * <table>
 *   <caption>loss types and config keys</caption>
 *   <tr><th>loss_type</th><th>objective</th><th>config keys (TRL defaults)</th></tr>
 *   <tr><td>{@code grpo, bnpo, dr_grpo, dapo, cispo, sapo}</td><td>{@link GrpoLoss}</td>
 *       <td>{@code beta} 0, {@code epsilon} 0.2, {@code epsilon_high} = epsilon, {@code delta} off,
 *       {@code importance_sampling_level} "token" ("sequence" = GSPO), {@code max_completion_length} 512,
 *       {@code sapo_temperature_pos} 1.0, {@code sapo_temperature_neg} 1.05,
 *       {@code use_bias_correction_kl} false</td></tr>
 *   <tr><td>{@code luspo, vespo}</td><td>{@link GrpoLoss}</td>
 *       <td>as grpo; {@code vespo_k_pos} 2.0, {@code vespo_lambda_pos} 3.0, {@code vespo_k_neg} 3.0,
 *       {@code vespo_lambda_neg} 2.0</td></tr>
 *   <tr><td>(all GRPO types)</td><td>{@link SamplerCorrection}</td>
 *       <td>{@code vllm_importance_sampling_correction} true, {@code vllm_importance_sampling_mode}
 *       "sequence_mask" (vespo: "token_mask"), {@code vllm_importance_sampling_clip_min} None,
 *       {@code vllm_importance_sampling_clip_max} 3.0 (None: no upper bound); {@code off_policy_mask_threshold}
 *       None (off)</td></tr>
 *   <tr><td>{@code gspo}</td><td>{@link GrpoLoss#gspo()} (grpo aggregation, sequence-level ratio)</td>
 *       <td>as grpo without {@code importance_sampling_level}; defaults {@code epsilon} 3e-4,
 *       {@code epsilon_high} 4e-4 (the GSPO paper)</td></tr>
 *   <tr><td>{@code ppo}</td><td>{@link PpoLoss}</td>
 *       <td>{@code cliprange} 0.2, {@code cliprange_value} 0.2, {@code vf_coef} 0.1</td></tr>
 *   <tr><td>{@code rloo}</td><td>{@link RlooLoss}</td><td>{@code epsilon} 0.2, {@code epsilon_high} = epsilon</td></tr>
 * </table>
 *
 * <p>Unknown loss types and keys are rejected with a message that lists the valid ones; values are validated as by the
 * typed builders (the message names the key).
 */
public final class PolicyGradientObjectives {

  /** Every accepted {@code loss_type}. */
  public static final Set<String> LOSS_TYPES =
      Set.of(
          "ppo", "grpo", "bnpo", "dr_grpo", "dapo", "cispo", "sapo", "luspo", "vespo", "gspo",
          "rloo");

  private static final List<String> SAMPLER_KEYS =
      List.of(
          "vllm_importance_sampling_correction",
          "vllm_importance_sampling_mode",
          "vllm_importance_sampling_clip_min",
          "vllm_importance_sampling_clip_max");
  private static final List<String> VESPO_KEYS =
      List.of("vespo_k_pos", "vespo_lambda_pos", "vespo_k_neg", "vespo_lambda_neg");

  private static final List<String> GRPO_KEYS =
      concat(
          List.of(
              "beta",
              "epsilon",
              "epsilon_high",
              "delta",
              "importance_sampling_level",
              "max_completion_length",
              "sapo_temperature_pos",
              "sapo_temperature_neg",
              "use_bias_correction_kl",
              "off_policy_mask_threshold"),
          SAMPLER_KEYS,
          VESPO_KEYS);
  private static final List<String> GSPO_KEYS =
      concat(
          List.of(
              "beta",
              "epsilon",
              "epsilon_high",
              "delta",
              "max_completion_length",
              "sapo_temperature_pos",
              "sapo_temperature_neg",
              "use_bias_correction_kl",
              "off_policy_mask_threshold"),
          SAMPLER_KEYS,
          List.of());
  private static final List<String> PPO_KEYS = List.of("cliprange", "cliprange_value", "vf_coef");
  private static final List<String> RLOO_KEYS = List.of("epsilon", "epsilon_high");

  private PolicyGradientObjectives() {}

  private static List<String> concat(List<String> a, List<String> b, List<String> c) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    out.addAll(c);
    return List.copyOf(out);
  }

  /**
   * Creates the objective for a TRL {@code loss_type} and config map (keys are TRL's config field names).
   *
   * @throws IllegalArgumentException for an unknown loss type or key (listing the valid ones) or a bad value
   */
  public static PolicyGradientObjective create(String lossType, Map<String, ?> config) {
    ObjectiveConfig.requireKnown("policy-gradient", lossType, LOSS_TYPES);
    switch (lossType) {
      case "ppo":
        return ppo(ObjectiveConfig.of(lossType, config, PPO_KEYS));
      case "rloo":
        return rloo(ObjectiveConfig.of(lossType, config, RLOO_KEYS));
      case "gspo":
        return grpoFamily(GrpoLoss.gspo(), ObjectiveConfig.of(lossType, config, GSPO_KEYS), false);
      default:
        GrpoLoss.Builder b =
            GrpoLoss.builder()
                .lossType(GrpoLoss.LossType.valueOf(lossType.toUpperCase(Locale.ROOT)));
        return grpoFamily(b, ObjectiveConfig.of(lossType, config, GRPO_KEYS), true);
    }
  }

  private static PolicyGradientObjective grpoFamily(
      GrpoLoss.Builder b, ObjectiveConfig c, boolean levelConfigurable) {
    if (c.has("epsilon")) {
      b.epsilon(c.getDouble("epsilon", 0.2));
    }
    if (c.has("epsilon_high")) {
      b.epsilonHigh(c.getDouble("epsilon_high", 0.2));
    }
    if (c.has("beta")) {
      b.beta(c.getDouble("beta", 0.0));
    }
    Double delta = c.getOptionalDouble("delta");
    if (delta != null) {
      b.delta(delta);
    }
    if (levelConfigurable && c.has("importance_sampling_level")) {
      String level = c.getChoice("importance_sampling_level", "token", Set.of("token", "sequence"));
      b.importanceSamplingLevel(
          level.equals("token")
              ? GrpoLoss.ImportanceSamplingLevel.TOKEN
              : GrpoLoss.ImportanceSamplingLevel.SEQUENCE);
    }
    if (c.has("max_completion_length")) {
      b.maxCompletionLength(c.getInt("max_completion_length", 512));
    }
    if (c.has("sapo_temperature_pos")) {
      b.sapoTemperaturePos(c.getDouble("sapo_temperature_pos", 1.0));
    }
    if (c.has("sapo_temperature_neg")) {
      b.sapoTemperatureNeg(c.getDouble("sapo_temperature_neg", 1.05));
    }
    if (c.has("use_bias_correction_kl")) {
      b.useBiasCorrectionKl(c.getBoolean("use_bias_correction_kl", false));
    }
    Double opsm = c.getOptionalDouble("off_policy_mask_threshold");
    if (opsm != null) {
      b.offPolicyMaskThreshold(opsm);
    }
    if (c.has("vespo_k_pos")) {
      b.vespoKPos(c.getDouble("vespo_k_pos", 2.0));
    }
    if (c.has("vespo_lambda_pos")) {
      b.vespoLambdaPos(c.getDouble("vespo_lambda_pos", 3.0));
    }
    if (c.has("vespo_k_neg")) {
      b.vespoKNeg(c.getDouble("vespo_k_neg", 3.0));
    }
    if (c.has("vespo_lambda_neg")) {
      b.vespoLambdaNeg(c.getDouble("vespo_lambda_neg", 2.0));
    }
    if (SAMPLER_KEYS.stream().anyMatch(c::has)) {
      boolean vespo = c.lossType().equals("vespo");
      String mode =
          c.getChoice(
              "vllm_importance_sampling_mode",
              vespo ? "token_mask" : "sequence_mask",
              Set.of("token_truncate", "token_mask", "sequence_truncate", "sequence_mask"));
      Double clipMin = c.getOptionalDouble("vllm_importance_sampling_clip_min");
      Double clipMax = c.getOptionalDouble("vllm_importance_sampling_clip_max");
      b.samplerCorrection(
          new SamplerCorrection(
              c.getBoolean("vllm_importance_sampling_correction", true),
              SamplerCorrection.Mode.fromTrlName(mode),
              clipMin == null ? 0.0 : clipMin,
              c.has("vllm_importance_sampling_clip_max") && clipMax == null
                  ? Double.POSITIVE_INFINITY
                  : (clipMax == null ? 3.0 : clipMax)));
    }
    return b.build();
  }

  private static PolicyGradientObjective ppo(ObjectiveConfig c) {
    PpoLoss.Builder b = PpoLoss.builder();
    if (c.has("cliprange")) {
      b.cliprange(c.getDouble("cliprange", 0.2));
    }
    if (c.has("cliprange_value")) {
      b.cliprangeValue(c.getDouble("cliprange_value", 0.2));
    }
    if (c.has("vf_coef")) {
      b.vfCoef(c.getDouble("vf_coef", 0.1));
    }
    return b.build();
  }

  private static PolicyGradientObjective rloo(ObjectiveConfig c) {
    RlooLoss.Builder b = RlooLoss.builder();
    if (c.has("epsilon")) {
      b.epsilon(c.getDouble("epsilon", 0.2));
    }
    if (c.has("epsilon_high")) {
      b.epsilonHigh(c.getDouble("epsilon_high", 0.2));
    }
    return b.build();
  }
}
