package dev.align4j.optimizers.monitor;

import dev.align4j.core.check.Require;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@link HealthRule}s. Every threshold below is a parameter; {@link #defaults()} uses the published
 * values where a source has one and says where the others come from:
 *
 * <ul>
 *   <li>{@link #zeroStdGroups}: smoothed {@code frac_reward_zero_std} ≥ 0.5 → WARN (TRL logs the metric without a
 *       threshold; 0.5 is align4j's: half the groups give a zero group-normalised advantage and teach nothing);
 *   <li>{@link #clipFraction}: smoothed clip fraction ≥ 0.3 → WARN (align4j's; PPO practice keeps it near 0.1–0.2);
 *   <li>{@link #klSpike}: KL above its trailing mean by 6 standard deviations and more than twice that mean plus
 *       0.05 nats, after 10 steps of history → LOWER_LEARNING_RATE (align4j's);
 *   <li>{@link #klCeiling}: smoothed KL &gt; 12 nats → RAISE_KL_COEFFICIENT (twice the KL target 6 of Ziegler et al.
 *       2019, the default target of {@code AdaptiveKlController});
 *   <li>{@link #entropyCollapse}: smoothed entropy &lt; 0.2 × its baseline → WARN (align4j's);
 *   <li>{@link #lengthDrift}: smoothed completion length ≥ 1.2 × its reference → STOP, code {@code LENGTH_HACKING}
 *       (align4j's, from the controlled runs in the module README; length growth is the best-documented form of
 *       reward hacking, Singhal et al. 2023, "A Long Way to Go: Investigating Length Correlations in RLHF");
 *   <li>{@link #rewardDominance}: one reward component's smoothed variance share ≥ 0.8 → WARN (align4j's; advisory:
 *       once the other components are learnt the remaining one explains the variance in a healthy run too);
 *   <li>{@link #abstentionRate}: a smoothed share of samples a reward model could not score (verifier or judge
 *       abstentions, {@code frac_reward_abstained} or an abstention meter's {@code rewards/<name>/abstention_rate}) ≥
 *       0.2 → WARN, code {@code REWARD_ABSTENTIONS} (align4j's: one completion in five teaches nothing — "why are my
 *       rewards silently zero?" — usually a format the verifier cannot read or a judge prompt that fails);
 *   <li>{@link #goldDrop}: the held-out gold reward 5 % below its peak while the smoothed proxy reward is at or above
 *       its value at the gold peak → STOP, code {@code PROXY_GOLD_DIVERGENCE} (align4j's: half of the 10 % fall the
 *       issue allows before detection);
 *   <li>{@link #overOptimization}: with at least 6 gold points, d past the fitted gold peak d* of Gao et al.'s curve
 *       and the gold reward below its peak → STOP, code {@code OVER_OPTIMIZATION}.
 * </ul>
 */
public final class HealthRules {
  private HealthRules() {}

  /** The default rules, in the order above. */
  public static List<HealthRule> defaults() {
    return List.of(
        zeroStdGroups(0.5, RuleAction.WARN),
        clipFraction(0.3, RuleAction.WARN),
        klSpike(6.0, 10, RuleAction.LOWER_LEARNING_RATE),
        klCeiling(12.0, RuleAction.RAISE_KL_COEFFICIENT),
        entropyCollapse(0.2, RuleAction.WARN),
        lengthDrift(1.2, RuleAction.STOP),
        rewardDominance(0.8, RuleAction.WARN),
        abstentionRate(0.2, RuleAction.WARN),
        goldDrop(0.05, RuleAction.STOP),
        overOptimization(6, RuleAction.STOP));
  }

  /** A rule made of a name, an action and a check. */
  private record Rule(
      String name, RuleAction action, Function<TrainingSignals, HealthRule.@Nullable Finding> test)
      implements HealthRule {
    @Override
    public HealthRule.@Nullable Finding check(TrainingSignals signals) {
      return test.apply(Require.nonNull("signals", signals));
    }
  }

  private static HealthRule.Finding finding(
      String code, String reason, Map<String, Double> evidence) {
    return new HealthRule.Finding(code, reason, evidence);
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** Fires when the smoothed {@code frac_reward_zero_std} is at least {@code threshold} (code ZERO_STD_GROUPS). */
  public static HealthRule zeroStdGroups(double threshold, RuleAction action) {
    Require.argument(
        threshold > 0 && threshold <= 1, "threshold must be in (0, 1], was %s", threshold);
    return new Rule(
        "zero_std_groups",
        Require.nonNull("action", action),
        s ->
            s.fracRewardZeroStd() >= threshold
                ? finding(
                    "ZERO_STD_GROUPS",
                    "frac_reward_zero_std " + f(s.fracRewardZeroStd()) + " >= " + f(threshold),
                    Map.of(
                        "step",
                        (double) s.step(),
                        "frac_reward_zero_std",
                        s.fracRewardZeroStd(),
                        "threshold",
                        threshold))
                : null);
  }

  /** Fires when the smoothed clip fraction is at least {@code threshold} (code {@code CLIP_FRACTION_HIGH}). */
  public static HealthRule clipFraction(double threshold, RuleAction action) {
    Require.argument(
        threshold > 0 && threshold <= 1, "threshold must be in (0, 1], was %s", threshold);
    return new Rule(
        "clip_fraction",
        Require.nonNull("action", action),
        s ->
            s.clipFraction() >= threshold
                ? finding(
                    "CLIP_FRACTION_HIGH",
                    "clip fraction " + f(s.clipFraction()) + " >= " + f(threshold),
                    Map.of(
                        "step",
                        (double) s.step(),
                        "clip_fraction",
                        s.clipFraction(),
                        "threshold",
                        threshold))
                : null);
  }

  /**
   * Fires when the step's KL exceeds both {@code trailing mean + zScore · trailing std} and {@code 2 · trailing mean +
   * 0.05} nats, once the trailing history holds {@code minHistory} steps (code {@code KL_SPIKE}).
   */
  public static HealthRule klSpike(double zScore, int minHistory, RuleAction action) {
    Require.argument(zScore > 0, "zScore must be > 0, was %s", zScore);
    Require.argument(minHistory >= 2, "minHistory must be >= 2, was %d", minHistory);
    return new Rule(
        "kl_spike",
        Require.nonNull("action", action),
        s -> {
          double mean = s.klTrailingMean();
          double std = s.klTrailingStd();
          if (!Double.isFinite(mean) || !Double.isFinite(std) || s.klHistorySize() < minHistory) {
            return null;
          }
          double limit = Math.max(mean + zScore * std, 2 * mean + 0.05);
          return s.kl() > limit
              ? finding(
                  "KL_SPIKE",
                  "kl "
                      + f(s.kl())
                      + " > "
                      + f(limit)
                      + " (trailing mean "
                      + f(mean)
                      + ", std "
                      + f(std)
                      + ")",
                  Map.of(
                      "step",
                      (double) s.step(),
                      "kl",
                      s.kl(),
                      "kl_trailing_mean",
                      mean,
                      "kl_trailing_std",
                      std,
                      "limit",
                      limit))
              : null;
        });
  }

  /** Fires when the smoothed KL exceeds {@code maxKl} nats (code {@code KL_HIGH}). */
  public static HealthRule klCeiling(double maxKl, RuleAction action) {
    Require.argument(maxKl > 0, "maxKl must be > 0, was %s", maxKl);
    return new Rule(
        "kl_ceiling",
        Require.nonNull("action", action),
        s ->
            s.klSmoothed() > maxKl
                ? finding(
                    "KL_HIGH",
                    "smoothed kl " + f(s.klSmoothed()) + " > " + f(maxKl),
                    Map.of(
                        "step",
                        (double) s.step(),
                        "kl_smoothed",
                        s.klSmoothed(),
                        "kl/k3",
                        s.klK3(),
                        "max_kl",
                        maxKl))
                : null);
  }

  /** Fires when the smoothed entropy falls below {@code fraction} of its baseline (code {@code ENTROPY_COLLAPSE}). */
  public static HealthRule entropyCollapse(double fraction, RuleAction action) {
    Require.argument(fraction > 0 && fraction < 1, "fraction must be in (0, 1), was %s", fraction);
    return new Rule(
        "entropy_collapse",
        Require.nonNull("action", action),
        s ->
            s.entropyBaseline() > 0 && s.entropy() < fraction * s.entropyBaseline()
                ? finding(
                    "ENTROPY_COLLAPSE",
                    "entropy "
                        + f(s.entropy())
                        + " < "
                        + f(fraction)
                        + " x baseline "
                        + f(s.entropyBaseline()),
                    Map.of(
                        "step",
                        (double) s.step(),
                        "entropy",
                        s.entropy(),
                        "entropy_baseline",
                        s.entropyBaseline(),
                        "fraction",
                        fraction))
                : null);
  }

  /** Fires when the smoothed length is at least {@code maxRatio} × its reference (code {@code LENGTH_HACKING}). */
  public static HealthRule lengthDrift(double maxRatio, RuleAction action) {
    Require.argument(maxRatio > 1, "maxRatio must be > 1, was %s", maxRatio);
    return new Rule(
        "length_drift",
        Require.nonNull("action", action),
        s ->
            s.lengthRatio() >= maxRatio
                ? finding(
                    "LENGTH_HACKING",
                    "mean completion length "
                        + f(s.length())
                        + " is "
                        + f(s.lengthRatio())
                        + " x the reference "
                        + f(s.lengthBaseline())
                        + " (limit "
                        + f(maxRatio)
                        + "), proxy reward "
                        + f(s.rewardSmoothed()),
                    Map.of(
                        "step",
                        (double) s.step(),
                        "length",
                        s.length(),
                        "length_reference",
                        s.lengthBaseline(),
                        "length_ratio",
                        s.lengthRatio(),
                        "max_ratio",
                        maxRatio,
                        "reward",
                        s.rewardSmoothed(),
                        "gold",
                        s.gold()))
                : null);
  }

  /** Fires when one component's smoothed variance share is at least {@code maxShare} (code REWARD_DOMINANCE). */
  public static HealthRule rewardDominance(double maxShare, RuleAction action) {
    Require.argument(maxShare > 0 && maxShare <= 1, "maxShare must be in (0, 1], was %s", maxShare);
    return new Rule(
        "reward_dominance",
        Require.nonNull("action", action),
        s ->
            s.dominantShare() >= maxShare
                ? finding(
                    "REWARD_DOMINANCE",
                    "reward component "
                        + s.dominantComponent()
                        + " explains "
                        + f(s.dominantShare())
                        + " of the reward variance (limit "
                        + f(maxShare)
                        + ")",
                    Map.of(
                        "step",
                        (double) s.step(),
                        "variance_share",
                        s.dominantShare(),
                        "max_share",
                        maxShare))
                : null);
  }

  /**
   * Fires when the smoothed share of samples a reward model abstained on is at least {@code threshold} (code
   * {@code REWARD_ABSTENTIONS}).
   */
  public static HealthRule abstentionRate(double threshold, RuleAction action) {
    Require.argument(
        threshold > 0 && threshold <= 1, "threshold must be in (0, 1], was %s", threshold);
    return new Rule(
        "abstention_rate",
        Require.nonNull("action", action),
        s ->
            s.abstentionRate() >= threshold
                ? finding(
                    "REWARD_ABSTENTIONS",
                    "the reward could not score "
                        + f(s.abstentionRate())
                        + " of the samples (limit "
                        + f(threshold)
                        + "); abstained samples teach nothing",
                    Map.of(
                        "step",
                        (double) s.step(),
                        "abstention_rate",
                        s.abstentionRate(),
                        "threshold",
                        threshold))
                : null);
  }

  /**
   * Fires when the gold reward has fallen {@code maxDrop} (relative) below its peak while the smoothed proxy reward is
   * at or above its value at the gold peak (code {@code PROXY_GOLD_DIVERGENCE}).
   */
  public static HealthRule goldDrop(double maxDrop, RuleAction action) {
    Require.argument(maxDrop > 0 && maxDrop < 1, "maxDrop must be in (0, 1), was %s", maxDrop);
    return new Rule(
        "gold_drop",
        Require.nonNull("action", action),
        s ->
            s.goldDrop() >= maxDrop && s.rewardSmoothed() >= s.proxyAtGoldPeak()
                ? finding(
                    "PROXY_GOLD_DIVERGENCE",
                    "gold reward "
                        + f(s.gold())
                        + " is "
                        + f(100 * s.goldDrop())
                        + " % below its peak "
                        + f(s.goldPeak())
                        + " (step "
                        + s.goldPeakStep()
                        + ") while the proxy rose from "
                        + f(s.proxyAtGoldPeak())
                        + " to "
                        + f(s.rewardSmoothed()),
                    Map.of(
                        "step",
                        (double) s.step(),
                        "gold",
                        s.gold(),
                        "gold_peak",
                        s.goldPeak(),
                        "gold_peak_step",
                        (double) s.goldPeakStep(),
                        "gold_drop",
                        s.goldDrop(),
                        "proxy",
                        s.rewardSmoothed(),
                        "proxy_at_gold_peak",
                        s.proxyAtGoldPeak(),
                        "proxy_gold_gap",
                        s.proxyGoldGap()))
                : null);
  }

  /**
   * Fires when, with at least {@code minPoints} gold points, the fitted curve has a peak, d is past it and the gold
   * reward is below its peak (code {@code OVER_OPTIMIZATION}).
   */
  public static HealthRule overOptimization(int minPoints, RuleAction action) {
    Require.argument(minPoints >= 3, "minPoints must be >= 3, was %d", minPoints);
    return new Rule(
        "over_optimization",
        Require.nonNull("action", action),
        s -> {
          OverOptimizationCurve c = s.curve();
          if (c == null || c.points() < minPoints || !(s.d() > c.peakD()) || !(s.goldDrop() > 0)) {
            return null;
          }
          return finding(
              "OVER_OPTIMIZATION",
              "d = sqrt(KL) "
                  + f(s.d())
                  + " is past the fitted gold peak d* "
                  + f(c.peakD())
                  + " (alpha "
                  + f(c.alpha())
                  + ", beta "
                  + f(c.beta())
                  + ", "
                  + c.points()
                  + " points)",
              Map.of(
                  "step",
                  (double) s.step(),
                  "d",
                  s.d(),
                  "peak_d",
                  c.peakD(),
                  "alpha",
                  c.alpha(),
                  "beta",
                  c.beta(),
                  "gold",
                  s.gold(),
                  "gold_peak",
                  s.goldPeak()));
        });
  }
}
