package dev.align4j.optimizers.objective;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The value and exact gradients of a {@link PolicyGradientObjective} on one {@link PolicyGradientBatch}.
 *
 * <p>{@code loss} is the scalar that the objective's aggregation (TRL's {@code loss_type}) produces. {@code losses}
 * holds one value per sequence, scaled so that {@code loss} is always their plain mean: sequence i's share of the
 * aggregated sum times the number of sequences. For the DeepSeekMath {@code grpo} aggregation that is exactly the
 * sequence's masked token mean; for token-level aggregations ({@code bnpo}, {@code dapo}, PPO) it is the sequence's
 * token sum divided by the average number of active tokens per sequence.
 *
 * <p>{@code gradLogProbs[t]} is ∂loss/∂{@code logProbs[t]} (the current policy's per-token log-probabilities; old and
 * reference log-probabilities are constants, as are detached terms such as CISPO's clipped weight). {@code gradValues}
 * is ∂loss/∂{@code values[t]} for objectives with a value loss (PPO), null otherwise. {@code metrics} use TRL's names
 * ({@code clip_ratio/region_mean}, {@code kl}, {@code entropy}, {@code policy/clipfrac_avg}, ...).
 *
 * @param loss the aggregated loss
 * @param losses per-sequence losses whose mean is {@code loss}
 * @param gradLogProbs gradient of {@code loss} with respect to each per-token policy log-probability
 * @param gradValues gradient of {@code loss} with respect to each per-token value prediction, or null
 * @param metrics TRL-named metrics
 */
public record PolicyGradientResult(
    double loss,
    double[] losses,
    double[] gradLogProbs,
    double @Nullable [] gradValues,
    Map<String, Double> metrics) {

  /** Copies the metrics map (unmodifiable). */
  public PolicyGradientResult {
    metrics = Map.copyOf(metrics);
  }

  /** A metric by its TRL name. @throws IllegalArgumentException listing the available names when it is absent */
  public double metric(String name) {
    Double v = metrics.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "no metric \"" + name + "\"; available: " + new TreeSet<>(metrics.keySet()));
    }
    return v;
  }

  @Override
  public String toString() {
    return "PolicyGradientResult[loss=" + loss + ", sequences=" + losses.length + ", metrics="
        + new TreeMap<>(metrics) + "]";
  }
}
