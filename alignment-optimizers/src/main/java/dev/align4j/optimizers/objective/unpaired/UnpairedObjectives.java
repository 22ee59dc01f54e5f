package dev.align4j.optimizers.objective.unpaired;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.ObjectiveConfig;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.UnpairedObjective;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The string registry of unpaired objectives: TRL {@code loss_type} names and config keys for configuration files
 * and ported TRL configs. {@code Objectives.unpaired(lossType, config)} delegates here. Typed builders
 * ({@link KtoLoss#builder()}, {@link BcoLoss#builder()}, {@link NpoLoss#builder()}) are the primary Java API.
 *
 * <table>
 *   <caption>Loss types and keys</caption>
 *   <tr><th>loss_type</th><th>keys (default)</th></tr>
 *   <tr><td>{@code kto}</td><td>{@code beta} (0.1), {@code desirable_weight} (1.0), {@code undesirable_weight} (1.0),
 *       {@code clamp_reference_point} (true; false = the raw, unclamped z0 estimate), {@code reference_point}
 *       (absent = estimated from the batch's KL pairs)</td></tr>
 *   <tr><td>{@code apo_zero_unpaired}</td><td>{@code beta}, {@code desirable_weight},
 *       {@code undesirable_weight}</td></tr>
 *   <tr><td>{@code bco}</td><td>{@code beta} (0.1), {@code update_reward_shift} (true); the returned
 *       {@link BcoLoss} owns a fresh {@link BcoRewardShift}, reachable by {@link BcoLoss#rewardShift()}</td></tr>
 *   <tr><td>{@code npo}</td><td>{@code beta} (0.1)</td></tr>
 * </table>
 *
 * <p>Unknown loss types and keys are {@link IllegalArgumentException}s that list the valid ones.
 */
public final class UnpairedObjectives {
  private static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put("kto", List.of("beta", "desirable_weight", "undesirable_weight", "clamp_reference_point",
        "reference_point"));
    KEYS.put("apo_zero_unpaired", List.of("beta", "desirable_weight", "undesirable_weight"));
    KEYS.put("bco", List.of("beta", "update_reward_shift"));
    KEYS.put("npo", List.of("beta"));
  }

  private UnpairedObjectives() {}

  /** The valid loss types, in documentation order. */
  public static Set<String> lossTypes() {
    return Collections.unmodifiableSet(KEYS.keySet());
  }

  /** The valid config keys of {@code lossType}. */
  public static List<String> configKeys(String lossType) {
    ObjectiveConfig.requireKnown("unpaired", lossType, KEYS.keySet());
    return KEYS.get(lossType);
  }

  /**
   * Creates the unpaired objective {@code lossType} configured by {@code config} (TRL key names, TRL defaults).
   *
   * @throws IllegalArgumentException for an unknown loss type or key (listing the valid ones) or a bad value
   */
  public static UnpairedObjective create(String lossType, Map<String, ?> config) {
    ObjectiveConfig.requireKnown("unpaired", lossType, KEYS.keySet());
    Require.nonNull("config", config);
    ObjectiveConfig c = ObjectiveConfig.of(lossType, config, KEYS.get(lossType));
    switch (lossType) {
      case "kto":
      case "apo_zero_unpaired": {
        KtoLoss.Builder b = KtoLoss.builder()
            .lossType(lossType.equals("kto") ? KtoLoss.LossType.KTO : KtoLoss.LossType.APO_ZERO_UNPAIRED)
            .beta(c.getDouble("beta", 0.1))
            .desirableWeight(c.getDouble("desirable_weight", 1.0))
            .undesirableWeight(c.getDouble("undesirable_weight", 1.0));
        if (lossType.equals("kto")) {
          b.clampReferencePoint(c.getBoolean("clamp_reference_point", true));
          Double z0 = c.getOptionalDouble("reference_point");
          if (z0 != null) {
            b.referencePoint(z0);
          }
        }
        return b.build();
      }
      case "bco":
        return BcoLoss.builder()
            .beta(c.getDouble("beta", 0.1))
            .updateRewardShift(c.getBoolean("update_reward_shift", true))
            .build();
      case "npo":
        return NpoLoss.builder().beta(c.getDouble("beta", 0.1)).build();
      default:
        throw new AssertionError(lossType);
    }
  }
}
