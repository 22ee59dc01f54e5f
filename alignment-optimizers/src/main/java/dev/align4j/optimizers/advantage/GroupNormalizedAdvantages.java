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
              "scale_rewards must be one of [group, batch, none] (or true/false), was \"" + name + "\"");
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
  public record Result(double[] advantages, double[] groupMeans, double[] groupStds, Map<String, Double> metrics) {
    /** Copies the metrics (unmodifiable). */
    public Result {
      metrics = Map.copyOf(metrics);
    }

    @Override
    public String toString() {
      return "GroupNormalizedAdvantages.Result[samples=" + advantages.length + ", metrics=" + metrics + "]";
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
    int groups = Lengths.groups("rewards", rewards, groupSize, scaleRewards == ScaleRewards.GROUP ? 2 : 1);
    if (scaleRewards == ScaleRewards.BATCH) {
      Require.argument(rewards.length >= 2, "scale_rewards=batch needs at least 2 samples, had %d", rewards.length);
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
    return "GroupNormalizedAdvantages[scale_rewards=" + scaleRewards.name().toLowerCase(Locale.ROOT) + ", epsilon="
        + epsilon + "]";
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
