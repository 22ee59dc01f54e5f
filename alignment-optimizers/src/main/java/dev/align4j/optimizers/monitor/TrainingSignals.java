package dev.align4j.optimizers.monitor;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link TrainingHealthMonitor} derived from the metrics up to one step, the input of every
 * {@link HealthRule}. "Smoothed" is the mean over the monitor's trailing window (this step included); a value is NaN
 * when the optimiser does not emit the metric behind it or too few steps have been seen.
 *
 * @param step the optimiser step
 * @param reward the step's mean proxy reward ({@code reward})
 * @param rewardSmoothed the smoothed proxy reward
 * @param fracRewardZeroStd the smoothed {@code frac_reward_zero_std}
 * @param clipFraction the smoothed clip fraction ({@code clip_ratio/region_mean}, else {@code policy/clipfrac_avg})
 * @param kl the step's KL ({@code kl}, k1, nats per sequence)
 * @param klK3 the step's k3 KL ({@code kl/k3}) or NaN
 * @param klSmoothed the smoothed KL
 * @param klTrailingMean the mean KL over the steps before this one (the monitor's KL history)
 * @param klTrailingStd the standard deviation (n − 1) of that history
 * @param klHistorySize the number of steps in that history
 * @param entropy the smoothed {@code entropy}
 * @param entropyBaseline the mean {@code entropy} of the first baseline steps
 * @param length the smoothed completion length (the monitor's length metric)
 * @param lengthBaseline the reference length: given, or the mean of the first baseline steps
 * @param dominantComponent the reward component with the largest smoothed variance share, or {@code ""}
 * @param dominantShare that component's smoothed variance share
 * @param abstentionRate the smoothed share of samples a reward model could not score ({@code frac_reward_abstained},
 *     else the largest {@code rewards/<name>/abstention_rate} of an abstention meter), or NaN
 * @param gold the latest held-out gold reward
 * @param goldPeak the highest gold reward seen
 * @param goldPeakStep the step of the highest gold reward, or −1
 * @param proxyAtGoldPeak the smoothed proxy reward at that step
 * @param d {@code sqrt(max(0, smoothed KL))}, Gao et al.'s distance
 * @param curve the over-optimisation curve fitted to the gold gains so far, or {@code null}
 */
public record TrainingSignals(
    long step,
    double reward,
    double rewardSmoothed,
    double fracRewardZeroStd,
    double clipFraction,
    double kl,
    double klK3,
    double klSmoothed,
    double klTrailingMean,
    double klTrailingStd,
    int klHistorySize,
    double entropy,
    double entropyBaseline,
    double length,
    double lengthBaseline,
    String dominantComponent,
    double dominantShare,
    double abstentionRate,
    double gold,
    double goldPeak,
    long goldPeakStep,
    double proxyAtGoldPeak,
    double d,
    @Nullable OverOptimizationCurve curve) {

  /** The smoothed length over its baseline (NaN when either is unknown or the baseline is not positive). */
  public double lengthRatio() {
    return lengthBaseline > 0 ? length / lengthBaseline : Double.NaN;
  }

  /** The gold reward's fall from its peak relative to the peak's magnitude, {@code (peak − gold)/|peak|}, or NaN. */
  public double goldDrop() {
    return goldPeak != 0 && Double.isFinite(goldPeak) && Double.isFinite(gold)
        ? (goldPeak - gold) / Math.abs(goldPeak)
        : Double.NaN;
  }

  /** The proxy–gold gap, smoothed proxy minus latest gold (NaN without gold). */
  public double proxyGoldGap() {
    return rewardSmoothed - gold;
  }
}
