package dev.align4j.optimizers.objective.listwise;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.ListwiseObjective;
import dev.align4j.optimizers.objective.ObjectiveConfig;
import dev.align4j.optimizers.objective.Objectives;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The string registry of listwise objectives; {@code Objectives.listwise(lossType, config)} delegates here. TRL has no
 * listwise trainer, so the names are the papers' in snake case, and {@code beta} keeps TRL's meaning and default.
 *
 * <table>
 *   <caption>Loss types and keys</caption>
 *   <tr><th>loss_type</th><th>keys (default)</th></tr>
 *   <tr><td>{@code dpo_pl}</td><td>{@code beta} (0.1)</td></tr>
 *   <tr><td>{@code lipo_lambda}</td><td>{@code beta} (0.1)</td></tr>
 *   <tr><td>{@code pro}</td><td>{@code sft_weight} (absent = 0.05·(k − 1)², the authors' setting),
 *       {@code score_temperatures} (true)</td></tr>
 *   <tr><td>{@code rrhf}</td><td>{@code rrhf_weight} (1.0; the authors' code uses 100), {@code sft_weight} (1.0),
 *       {@code length_penalty} (1.0)</td></tr>
 * </table>
 *
 * <p>Unknown loss types and keys are {@link IllegalArgumentException}s that list the valid ones.
 */
public final class ListwiseObjectives {
  private static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put("dpo_pl", List.of("beta"));
    KEYS.put("pro", List.of("sft_weight", "score_temperatures"));
    KEYS.put("lipo_lambda", List.of("beta"));
    KEYS.put("rrhf", List.of("rrhf_weight", "sft_weight", "length_penalty"));
  }

  private ListwiseObjectives() {}

  /** The valid loss types. */
  public static Set<String> lossTypes() {
    return Collections.unmodifiableSet(KEYS.keySet());
  }

  /** The valid config keys of {@code lossType}. */
  public static List<String> configKeys(String lossType) {
    ObjectiveConfig.requireKnown("listwise", lossType, KEYS.keySet());
    return KEYS.get(lossType);
  }

  /**
   * Creates the listwise objective {@code lossType} configured by {@code config}.
   *
   * @throws IllegalArgumentException for an unknown loss type or key (listing the valid ones) or a bad value
   */
  public static ListwiseObjective create(String lossType, Map<String, ?> config) {
    ObjectiveConfig.requireKnown("listwise", lossType, KEYS.keySet());
    Require.nonNull("config", config);
    ObjectiveConfig c = ObjectiveConfig.of(lossType, config, KEYS.get(lossType));
    switch (lossType) {
      case "dpo_pl":
        return PlackettLuceDpoLoss.builder().beta(c.getDouble("beta", 0.1)).build();
      case "lipo_lambda":
        return LipoLambdaLoss.builder().beta(c.getDouble("beta", 0.1)).build();
      case "pro": {
        ProLoss.Builder b = ProLoss.builder().scoreTemperatures(c.getBoolean("score_temperatures", true));
        Double w = c.getOptionalDouble("sft_weight");
        if (w != null) {
          b.sftWeight(w);
        }
        return b.build();
      }
      case "rrhf":
        return RrhfLoss.builder()
            .rankWeight(c.getDouble("rrhf_weight", 1.0))
            .sftWeight(c.getDouble("sft_weight", 1.0))
            .lengthPenalty(c.getDouble("length_penalty", 1.0))
            .build();
      default:
        throw new AssertionError(lossType);
    }
  }
}
