package dev.align4j.optimizers.advantage;

import dev.align4j.core.check.Require;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * GRPO's group-relative advantages (Shao et al. 2024, "DeepSeekMath", arXiv:2402.03300, §4.1.2) with TRL's
 * {@code scale_rewards} options. Rewards come in consecutive groups of G completions of the same prompt (TRL's
 * {@code num_generations}); per group g:
 *
 * <ul>
 *   <li>{@link ScaleRewards#GROUP} (default): A_i = (R_i − mean_g R) / (std_g R + ε);
 *   <li>{@link ScaleRewards#BATCH}: A_i = (R_i − mean_g R) / (std_batch R + ε) — group mean, batch std;
 *   <li>{@link ScaleRewards#NONE}: A_i = R_i − mean_g R (Dr. GRPO).
 * </ul>
 *
 * <p>std is the unbiased (Bessel, n − 1) standard deviation and ε = 1e-4, TRL's values. A group whose rewards are all
 * identical gets advantages exactly 0 (not a rounding residue divided by ε). Metrics (TRL names): {@code reward}
 * (batch mean), {@code reward_std} (mean over samples of their group's std), {@code frac_reward_zero_std} (share of
 * samples whose group std is ≤ 1e-8).
 */
public final class GroupNormalizedAdvantages {

  /** TRL's {@code scale_rewards}. */
  public enum ScaleRewards {
    /** Divide by the group's std (TRL default, {@code "group"} or {@code True}). */
    GROUP,
    /** Divide by the whole batch's std ({@code "batch"}). */
    BATCH,
    /** Do not divide ({@code "none"} or {@code False}). */
    NONE;

    /** Parses TRL's string (or boolean) value: group/true, batch, none/false. */
    public static ScaleRewards fromName(String name) {
      switch (Require.nonNull("scale_rewards", name).toLowerCase(Locale.ROOT)) {
        case "group":
        case "true":
          return GROUP;
        case "batch":
          return BATCH;
        case "none":
        case "false":
          return NONE;
        default:
          throw new IllegalArgumentException(
              "scale_rewards must be one of [group, batch, none] (or true/false), was \""
                  + name
                  + "\"");
      }
    }
  }

  /**
   * The advantages and TRL's statistics.
   *
   * @param advantages one per sample
   * @param groupMeans one per group
   * @param groupStds one per group (unbiased; NaN for groups of one)
   * @param metrics {@code reward}; {@code reward_std} and {@code frac_reward_zero_std} when groups have ≥ 2 samples
   */
  public record Result(
      double[] advantages, double[] groupMeans, double[] groupStds, Map<String, Double> metrics) {
    /** Copies the metrics (unmodifiable). */
    public Result {
      metrics = Map.copyOf(metrics);
    }

    @Override
    public String toString() {
      return "GroupNormalizedAdvantages.Result[samples="
          + advantages.length
          + ", metrics="
          + metrics
          + "]";
    }
  }

  private final ScaleRewards scaleRewards;
  private final double epsilon;

  private GroupNormalizedAdvantages(Builder b) {
    this.scaleRewards = b.scaleRewards;
    this.epsilon = b.epsilon;
  }

  /** A builder with TRL's defaults (group scaling, ε = 1e-4). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Computes the advantages.
   *
   * @param rewards one finite reward per sample, in consecutive groups of {@code groupSize}
   * @param groupSize G ≥ 1 (≥ 2 for group scaling, whose std needs two samples)
   */
  public Result compute(double[] rewards, int groupSize) {
    int groups =
        Lengths.groups("rewards", rewards, groupSize, scaleRewards == ScaleRewards.GROUP ? 2 : 1);
    if (scaleRewards == ScaleRewards.BATCH) {
      Require.argument(
          rewards.length >= 2,
          "scale_rewards=batch needs at least 2 samples, had %d",
          rewards.length);
    }
    double[] means = new double[groups];
    double[] stds = new double[groups];
    boolean[] constant = new boolean[groups];
    for (int g = 0; g < groups; g++) {
      int from = g * groupSize;
      constant[g] = Lengths.constant(rewards, from, groupSize);
      double sum = 0;
      for (int j = from; j < from + groupSize; j++) {
        sum += rewards[j];
      }
      double mean = constant[g] ? rewards[from] : sum / groupSize;
      double ss = 0;
      for (int j = from; j < from + groupSize; j++) {
        double d = rewards[j] - mean;
        ss += d * d;
      }
      means[g] = mean;
      stds[g] = groupSize < 2 ? Double.NaN : (constant[g] ? 0.0 : Math.sqrt(ss / (groupSize - 1)));
    }
    double batchStd = scaleRewards == ScaleRewards.BATCH ? unbiasedStd(rewards) : Double.NaN;
    double[] adv = new double[rewards.length];
    double total = 0;
    double stdSum = 0;
    int zeroStd = 0;
    for (int g = 0; g < groups; g++) {
      for (int j = g * groupSize; j < (g + 1) * groupSize; j++) {
        total += rewards[j];
        if (groupSize >= 2) {
          stdSum += stds[g];
          if (stds[g] <= 1e-8) {
            zeroStd++;
          }
        }
        if (constant[g]) {
          adv[j] = 0.0;
          continue;
        }
        double centred = rewards[j] - means[g];
        switch (scaleRewards) {
          case GROUP:
            adv[j] = centred / (stds[g] + epsilon);
            break;
          case BATCH:
            adv[j] = centred / (batchStd + epsilon);
            break;
          case NONE:
            adv[j] = centred;
            break;
          default:
            throw new AssertionError(scaleRewards);
        }
      }
    }
    int n = rewards.length;
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("reward", total / n);
    if (groupSize >= 2) {
      metrics.put("reward_std", stdSum / n);
      metrics.put("frac_reward_zero_std", (double) zeroStd / n);
    }
    return new Result(adv, means, stds, metrics);
  }

  /**
   * Computes the advantages with some samples left out: samples whose reward model abstained ("could not score", not
   * a 0) are absent from every statistic. Per group g with scored members S_g:
   *
   * <ul>
   *   <li>mean and unbiased std over S_g only; A_i as in {@link #compute(double[], int)} for i in S_g;
   *   <li>a group with one scored member has std 0 and gives it A = 0 (no baseline to compare with); a group with none
   *       contributes nothing;
   *   <li>{@link ScaleRewards#BATCH}: the std over every scored sample of the batch;
   *   <li>an abstained sample gets A = 0 (the optimiser also leaves it out of the loss).
   * </ul>
   *
   * <p>Metrics over the scored samples only: {@code reward}, {@code reward_std}, {@code frac_reward_zero_std} (a group
   * with one scored member counts as zero std); NaN when no sample was scored. With every sample scored the result is
   * exactly {@link #compute(double[], int)}'s.
   *
   * @param rewards one reward per sample, in consecutive groups of {@code groupSize}; finite where scored, ignored
   *     (may be NaN) where abstained
   * @param scored {@code scored[i]} is false when sample i's reward model abstained
   * @param groupSize G ≥ 1 (≥ 2 for group scaling)
   */
  public Result compute(double[] rewards, boolean[] scored, int groupSize) {
    Require.nonNull("rewards", rewards);
    Require.nonNull("scored", scored);
    Require.sameLength("rewards", rewards.length, "scored", scored.length);
    double[] filled = rewards.clone();
    boolean all = true;
    for (int i = 0; i < filled.length; i++) {
      if (!scored[i]) {
        filled[i] =
            0.0; // ignored below; keeps the layout check's finiteness test meaningful for scored
        // samples
        all = false;
      }
    }
    if (all) {
      return compute(rewards, groupSize);
    }
    int groups =
        Lengths.groups("rewards", filled, groupSize, scaleRewards == ScaleRewards.GROUP ? 2 : 1);
    double[] means = new double[groups];
    double[] stds = new double[groups];
    boolean[] constantGroup = new boolean[groups];
    double batchSum = 0;
    int batchCount = 0;
    for (int g = 0; g < groups; g++) {
      double sum = 0;
      int c = 0;
      for (int j = g * groupSize; j < (g + 1) * groupSize; j++) {
        if (scored[j]) {
          sum += filled[j];
          c++;
        }
      }
      batchSum += sum;
      batchCount += c;
      means[g] = c == 0 ? Double.NaN : sum / c;
      if (c == 0) {
        stds[g] = Double.NaN;
        continue;
      }
      double first = Double.NaN;
      boolean constant = true;
      double ss = 0;
      for (int j = g * groupSize; j < (g + 1) * groupSize; j++) {
        if (scored[j]) {
          if (Double.isNaN(first)) {
            first = filled[j];
          } else if (filled[j] != first) {
            constant = false;
          }
          ss += (filled[j] - means[g]) * (filled[j] - means[g]);
        }
      }
      if (constant) {
        means[g] = first;
      }
      constantGroup[g] = constant; // a single scored member is constant
      stds[g] = constant ? 0.0 : Math.sqrt(ss / (c - 1));
    }
    double batchStd = Double.NaN;
    if (scaleRewards == ScaleRewards.BATCH && batchCount >= 2) {
      double m = batchSum / batchCount;
      double ss = 0;
      for (int i = 0; i < filled.length; i++) {
        if (scored[i]) {
          ss += (filled[i] - m) * (filled[i] - m);
        }
      }
      batchStd = Math.sqrt(ss / (batchCount - 1));
    }
    double[] adv = new double[filled.length];
    double stdSum = 0;
    int zeroStd = 0;
    for (int g = 0; g < groups; g++) {
      for (int j = g * groupSize; j < (g + 1) * groupSize; j++) {
        if (!scored[j]) {
          continue;
        }
        stdSum += stds[g];
        if (stds[g] <= 1e-8) {
          zeroStd++;
        }
        if (constantGroup[g]) {
          continue; // constant (or single-member) group: exactly 0
        }
        double centred = filled[j] - means[g];
        switch (scaleRewards) {
          case GROUP:
            adv[j] = centred / (stds[g] + epsilon);
            break;
          case BATCH:
            adv[j] = centred / (batchStd + epsilon);
            break;
          case NONE:
            adv[j] = centred;
            break;
          default:
            throw new AssertionError(scaleRewards);
        }
      }
    }
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("reward", batchCount == 0 ? Double.NaN : batchSum / batchCount);
    if (groupSize >= 2) {
      metrics.put("reward_std", batchCount == 0 ? Double.NaN : stdSum / batchCount);
      metrics.put(
          "frac_reward_zero_std", batchCount == 0 ? Double.NaN : (double) zeroStd / batchCount);
    }
    return new Result(adv, means, stds, metrics);
  }

  static double unbiasedStd(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    double mean = sum / x.length;
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (x.length - 1));
  }

  /** The scaling mode. */
  public ScaleRewards scaleRewards() {
    return scaleRewards;
  }

  /** ε added to the std. */
  public double epsilon() {
    return epsilon;
  }

  @Override
  public String toString() {
    return "GroupNormalizedAdvantages[scale_rewards="
        + scaleRewards.name().toLowerCase(Locale.ROOT)
        + ", epsilon="
        + epsilon
        + "]";
  }

  /** Builds a {@link GroupNormalizedAdvantages}. */
  public static final class Builder {
    private ScaleRewards scaleRewards = ScaleRewards.GROUP;
    private double epsilon = 1e-4;

    private Builder() {}

    /** TRL's {@code scale_rewards}; default GROUP. */
    public Builder scaleRewards(ScaleRewards scaleRewards) {
      this.scaleRewards = Require.nonNull("scale_rewards", scaleRewards);
      return this;
    }

    /** The ε added to the std (&gt; 0); default 1e-4 (TRL). */
    public Builder epsilon(double epsilon) {
      this.epsilon = Require.positive("epsilon", epsilon);
      return this;
    }

    /** Builds the estimator. */
    public GroupNormalizedAdvantages build() {
      return new GroupNormalizedAdvantages(this);
    }
  }
}
