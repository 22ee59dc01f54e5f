package dev.align4j.optimizers.advantage;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.advantage.GroupNormalizedAdvantages.ScaleRewards;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Group-relative advantages from several reward components (TRL's {@code reward_funcs} with {@code reward_weights}),
 * aggregated as TRL's {@code multi_objective_aggregation}. Rewards come as one row per component k, one column per
 * sample i, in consecutive groups g of G completions of the same prompt; weights w_k.
 *
 * <ul>
 *   <li>{@link Aggregation#SUM_THEN_NORMALIZE} (TRL's default, {@code "sum_then_normalize"}): R_i = Σ_k w_k r_{k,i},
 *       then {@link GroupNormalizedAdvantages} with the configured {@code scale_rewards} (default group:
 *       A_i = (R_i − mean_g R) / (std_g R + ε)).
 *   <li>{@link Aggregation#NORMALIZE_THEN_SUM} (GDPO, Liu et al. 2026, "GDPO: Group reward-Decoupled Normalization
 *       Policy Optimization for Multi-reward RL Optimization", arXiv:2601.05242; TRL's {@code "normalize_then_sum"}):
 *       each component is z-scored within its group, z_{k,i} = (r_{k,i} − mean_g r_k) / (std_g r_k + ε), the weighted
 *       sum S_i = Σ_k w_k z_{k,i} is then z-scored over the whole batch, A_i = (S_i − mean S) / (std S + ε).
 *       {@code scale_rewards} does not apply (TRL ignores it on this path).
 * </ul>
 *
 * <p>Why it matters: summing first lets the component with the largest within-group spread decide the sign of every
 * advantage; a component on a 0–1 scale next to one on a 0–100 scale is then invisible to the policy. Normalising
 * each component first gives each one a say in proportion to its weight. std is the unbiased (Bessel, n − 1)
 * standard deviation and ε = 1e-4 (TRL's values); a component constant within a group contributes exactly 0 there,
 * and a batch whose S is constant gets advantages exactly 0.
 *
 * <p>Metrics (TRL names): {@code reward} (batch mean of R), {@code reward_std} (unbiased std of R over the batch),
 * {@code frac_reward_zero_std} (as TRL: the share of samples whose normalising std is ≤ 1e-8 — the group std of R
 * for sum-then-normalise, the batch std of S, so 0 or 1, for normalise-then-sum), and per component
 * {@code rewards/<name>/mean} and {@code rewards/<name>/std} of the raw, unweighted rewards.
 */
public final class MultiRewardAdvantages {

  /** TRL's {@code multi_objective_aggregation}. */
  public enum Aggregation {
    /** Weighted sum, then group normalisation (TRL default, {@code "sum_then_normalize"}). */
    SUM_THEN_NORMALIZE,
    /** Per-component group normalisation, weighted sum, batch normalisation (GDPO, {@code "normalize_then_sum"}). */
    NORMALIZE_THEN_SUM;

    /** Parses TRL's value: {@code sum_then_normalize} or {@code normalize_then_sum}. */
    public static Aggregation fromName(String name) {
      switch (Require.nonNull("multi_objective_aggregation", name).toLowerCase(Locale.ROOT)) {
        case "sum_then_normalize":
          return SUM_THEN_NORMALIZE;
        case "normalize_then_sum":
          return NORMALIZE_THEN_SUM;
        default:
          throw new IllegalArgumentException(
              "multi_objective_aggregation must be one of [sum_then_normalize, "
                  + "normalize_then_sum], was \""
                  + name
                  + "\"");
      }
    }

    /** TRL's spelling. */
    public String trlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The advantages, the weighted sums and TRL's statistics.
   *
   * @param advantages one per sample
   * @param weightedRewards R_i = Σ_k w_k r_{k,i}, one per sample
   * @param metrics see the class comment
   */
  public record Result(double[] advantages, double[] weightedRewards, Map<String, Double> metrics) {
    /** Copies the metrics (unmodifiable). */
    public Result {
      metrics = Map.copyOf(metrics);
    }

    @Override
    public String toString() {
      return "MultiRewardAdvantages.Result[samples="
          + advantages.length
          + ", metrics="
          + metrics
          + "]";
    }
  }

  private final Aggregation aggregation;
  private final ScaleRewards scaleRewards;
  private final double epsilon;

  private MultiRewardAdvantages(Builder b) {
    this.aggregation = b.aggregation;
    this.scaleRewards = b.scaleRewards;
    this.epsilon = b.epsilon;
  }

  /** A builder with TRL's defaults: sum-then-normalise, group scaling, ε = 1e-4. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Computes the advantages with unnamed components ({@code rewards/0/mean}, …).
   *
   * @see #compute(double[][], double[], List, int)
   */
  public Result compute(double[][] rewards, double[] weights, int groupSize) {
    Require.nonNull("rewards", rewards);
    List<String> names = new ArrayList<>();
    for (int k = 0; k < rewards.length; k++) {
      names.add(Integer.toString(k));
    }
    return compute(rewards, weights, names, groupSize);
  }

  /**
   * Computes the advantages.
   *
   * @param rewards {@code rewards[k][i]}: component k's finite reward of sample i; ≥ 1 component, all of one length,
   *     a positive multiple of {@code groupSize}
   * @param weights w_k, one finite weight per component (TRL's {@code reward_weights}; all 1 for a plain sum)
   * @param names one metric name per component
   * @param groupSize G ≥ 2 (≥ 1 for sum-then-normalise without group scaling)
   */
  public Result compute(double[][] rewards, double[] weights, List<String> names, int groupSize) {
    Require.nonNull("rewards", rewards);
    Require.nonNull("weights", weights);
    Require.nonNull("names", names);
    int components = rewards.length;
    Require.argument(components >= 1, "rewards must hold at least one component, had 0");
    Require.argument(
        weights.length == components,
        "weights must hold one weight per component (%d), had %d",
        components,
        weights.length);
    Require.argument(
        names.size() == components,
        "names must hold one name per component (%d), had %d",
        components,
        names.size());
    Require.allFinite("weights", weights);
    int n = Require.nonNull("rewards[0]", rewards[0]).length;
    int minGroup =
        aggregation == Aggregation.NORMALIZE_THEN_SUM || scaleRewards == ScaleRewards.GROUP ? 2 : 1;
    for (int k = 0; k < components; k++) {
      Require.nonNull("rewards[" + k + "]", rewards[k]);
      Require.argument(
          rewards[k].length == n,
          "rewards[%d] must hold %d samples like rewards[0], had %d",
          k,
          n,
          rewards[k].length);
      Lengths.groups("rewards[" + k + "]", rewards[k], groupSize, minGroup);
    }
    double[] weighted = new double[n];
    for (int k = 0; k < components; k++) {
      for (int i = 0; i < n; i++) {
        weighted[i] += weights[k] * rewards[k][i];
      }
    }
    Map<String, Double> metrics = new HashMap<>();
    for (int k = 0; k < components; k++) {
      double mean = mean(rewards[k]);
      metrics.put("rewards/" + names.get(k) + "/mean", mean);
      if (n >= 2) {
        metrics.put(
            "rewards/" + names.get(k) + "/std", GroupNormalizedAdvantages.unbiasedStd(rewards[k]));
      }
    }
    double[] advantages;
    if (aggregation == Aggregation.SUM_THEN_NORMALIZE) {
      GroupNormalizedAdvantages.Result r =
          GroupNormalizedAdvantages.builder()
              .scaleRewards(scaleRewards)
              .epsilon(epsilon)
              .build()
              .compute(weighted, groupSize);
      advantages = r.advantages();
      metrics.putAll(r.metrics());
    } else {
      Require.argument(n >= 2, "normalize_then_sum needs at least 2 samples, had %d", n);
      double[] summed = new double[n];
      for (int k = 0; k < components; k++) {
        GroupNormalizedAdvantages.Result z =
            GroupNormalizedAdvantages.builder()
                .scaleRewards(ScaleRewards.GROUP)
                .epsilon(epsilon)
                .build()
                .compute(rewards[k], groupSize);
        for (int i = 0; i < n; i++) {
          summed[i] += weights[k] * z.advantages()[i];
        }
      }
      advantages = new double[n];
      boolean constant = Lengths.constant(summed, 0, n);
      double batchStd = constant ? 0.0 : GroupNormalizedAdvantages.unbiasedStd(summed);
      if (!constant) {
        double mean = mean(summed);
        for (int i = 0; i < n; i++) {
          advantages[i] = (summed[i] - mean) / (batchStd + epsilon);
        }
      }
      metrics.put("reward", mean(weighted));
      metrics.put("frac_reward_zero_std", batchStd <= 1e-8 ? 1.0 : 0.0);
    }
    metrics.put("reward_std", n >= 2 ? GroupNormalizedAdvantages.unbiasedStd(weighted) : 0.0);
    return new Result(advantages, weighted, metrics);
  }

  /**
   * Computes the advantages with some samples left out: {@code scored[i]} is false when a reward function abstained
   * on sample i ("could not score", not a 0), and such a sample is absent from every statistic: the group statistics
   * of both aggregations run over the scored members ({@link GroupNormalizedAdvantages#compute(double[], boolean[],
   * int)}), normalise-then-sum's batch z-score over the scored samples, and the metrics over the scored samples. An
   * abstained sample gets A = 0. With every sample scored the result is exactly
   * {@link #compute(double[][], double[], List, int)}'s.
   *
   * @param rewards as {@link #compute(double[][], double[], List, int)}; finite where scored, ignored where abstained
   * @param weights one finite weight per component
   * @param names one metric name per component
   * @param scored one flag per sample
   * @param groupSize G ≥ 2 (≥ 1 for sum-then-normalise without group scaling)
   */
  public Result compute(
      double[][] rewards, double[] weights, List<String> names, boolean[] scored, int groupSize) {
    Require.nonNull("rewards", rewards);
    Require.nonNull("scored", scored);
    boolean all = true;
    for (boolean b : scored) {
      all &= b;
    }
    double[][] filled = new double[rewards.length][];
    for (int k = 0; k < rewards.length; k++) {
      filled[k] = Require.nonNull("rewards[" + k + "]", rewards[k]).clone();
      Require.sameLength("rewards[" + k + "]", filled[k].length, "scored", scored.length);
      for (int i = 0; i < scored.length; i++) {
        if (!scored[i]) {
          filled[k][i] = 0.0;
        }
      }
    }
    Result plain =
        compute(filled, weights, names, groupSize); // validates the layout and the weights
    if (all) {
      return plain;
    }
    int n = scored.length;
    int count = 0;
    double[] weighted = plain.weightedRewards();
    Map<String, Double> metrics = new HashMap<>();
    for (int k = 0; k < filled.length; k++) {
      metrics.put("rewards/" + names.get(k) + "/mean", maskedMean(filled[k], scored));
      metrics.put("rewards/" + names.get(k) + "/std", maskedStd(filled[k], scored));
    }
    for (boolean b : scored) {
      count += b ? 1 : 0;
    }
    double[] advantages;
    if (aggregation == Aggregation.SUM_THEN_NORMALIZE) {
      GroupNormalizedAdvantages.Result r =
          GroupNormalizedAdvantages.builder()
              .scaleRewards(scaleRewards)
              .epsilon(epsilon)
              .build()
              .compute(weighted, scored, groupSize);
      advantages = r.advantages();
      metrics.putAll(r.metrics());
    } else {
      double[] summed = new double[n];
      for (int k = 0; k < filled.length; k++) {
        GroupNormalizedAdvantages.Result z =
            GroupNormalizedAdvantages.builder()
                .scaleRewards(ScaleRewards.GROUP)
                .epsilon(epsilon)
                .build()
                .compute(filled[k], scored, groupSize);
        for (int i = 0; i < n; i++) {
          summed[i] += weights[k] * z.advantages()[i];
        }
      }
      advantages = new double[n];
      double batchStd = maskedStd(summed, scored);
      boolean constant = !(batchStd > 0);
      if (!constant) {
        double mean = maskedMean(summed, scored);
        for (int i = 0; i < n; i++) {
          if (scored[i]) {
            advantages[i] = (summed[i] - mean) / (batchStd + epsilon);
          }
        }
      }
      metrics.put("reward", maskedMean(weighted, scored));
      metrics.put(
          "frac_reward_zero_std",
          count == 0 ? Double.NaN : (constant || batchStd <= 1e-8 ? 1.0 : 0.0));
    }
    metrics.put("reward_std", maskedStd(weighted, scored));
    return new Result(advantages, weighted, metrics);
  }

  private static double maskedMean(double[] x, boolean[] scored) {
    double s = 0;
    int c = 0;
    for (int i = 0; i < x.length; i++) {
      if (scored[i]) {
        s += x[i];
        c++;
      }
    }
    return c == 0 ? Double.NaN : s / c;
  }

  /** Unbiased std over the scored samples; 0 for fewer than 2 or all equal, NaN for none. */
  private static double maskedStd(double[] x, boolean[] scored) {
    double m = maskedMean(x, scored);
    if (Double.isNaN(m)) {
      return Double.NaN;
    }
    double ss = 0;
    int c = 0;
    boolean constant = true;
    double first = Double.NaN;
    for (int i = 0; i < x.length; i++) {
      if (scored[i]) {
        ss += (x[i] - m) * (x[i] - m);
        c++;
        if (Double.isNaN(first)) {
          first = x[i];
        } else if (x[i] != first) {
          constant = false;
        }
      }
    }
    return c < 2 || constant ? 0.0 : Math.sqrt(ss / (c - 1));
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** The aggregation. */
  public Aggregation aggregation() {
    return aggregation;
  }

  /** TRL's {@code scale_rewards} for sum-then-normalise. */
  public ScaleRewards scaleRewards() {
    return scaleRewards;
  }

  @Override
  public String toString() {
    return "MultiRewardAdvantages[multi_objective_aggregation="
        + aggregation.trlName()
        + ", scale_rewards="
        + scaleRewards.name().toLowerCase(Locale.ROOT)
        + ", epsilon="
        + epsilon
        + "]";
  }

  /** Builds a {@link MultiRewardAdvantages}. */
  public static final class Builder {
    private Aggregation aggregation = Aggregation.SUM_THEN_NORMALIZE;
    private ScaleRewards scaleRewards = ScaleRewards.GROUP;
    private double epsilon = 1e-4;

    private Builder() {}

    /** TRL's {@code multi_objective_aggregation}; default SUM_THEN_NORMALIZE (TRL's default). */
    public Builder aggregation(Aggregation aggregation) {
      this.aggregation = Require.nonNull("multi_objective_aggregation", aggregation);
      return this;
    }

    /** TRL's {@code scale_rewards} for sum-then-normalise; default GROUP (TRL). */
    public Builder scaleRewards(ScaleRewards scaleRewards) {
      this.scaleRewards = Require.nonNull("scale_rewards", scaleRewards);
      return this;
    }

    /** The ε added to every std (&gt; 0); default 1e-4 (TRL). */
    public Builder epsilon(double epsilon) {
      this.epsilon = Require.positive("epsilon", epsilon);
      return this;
    }

    /** Builds the estimator. */
    public MultiRewardAdvantages build() {
      return new MultiRewardAdvantages(this);
    }
  }
}
