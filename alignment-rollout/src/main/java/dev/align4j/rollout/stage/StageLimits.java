package dev.align4j.rollout.stage;

import dev.align4j.core.check.Require;
import java.time.Duration;

/**
 * How long a step may last and how much data it needs: LaunchDarkly's minimum contexts per step, Flagger's and
 * Argo's interval budgets, Kayenta's lifetime.
 *
 * @param minDuration the step cannot promote before this much time in it
 * @param maxDuration after this long an inconclusive step pauses for a human (progress deadline)
 * @param minSamplePerArm the step cannot promote before each arm holds this many observations of each gating metric
 * @param maxSamplePerArm the planned largest sample per arm (0: unbounded); checked against every test's needs
 */
public record StageLimits(Duration minDuration, Duration maxDuration, long minSamplePerArm, long maxSamplePerArm) {

  /** Validates: durations non-negative with min ≤ max, sample sizes non-negative with min ≤ max when bounded. */
  public StageLimits {
    Require.nonNull("minDuration", minDuration);
    Require.nonNull("maxDuration", maxDuration);
    Require.argument(!minDuration.isNegative(), "minDuration must be >= 0, was %s", minDuration);
    Require.argument(maxDuration.compareTo(minDuration) >= 0,
        "maxDuration must be >= minDuration=%s, was %s (the stage could never promote)", minDuration, maxDuration);
    Require.argument(minSamplePerArm >= 0, "minSamplePerArm must be >= 0, was %d", minSamplePerArm);
    Require.argument(maxSamplePerArm >= 0, "maxSamplePerArm must be >= 0 (0: unbounded), was %d", maxSamplePerArm);
    Require.argument(maxSamplePerArm == 0 || minSamplePerArm <= maxSamplePerArm,
        "minSamplePerArm must be <= maxSamplePerArm=%d, was %d (the stage could never promote)", maxSamplePerArm,
        minSamplePerArm);
  }

  /** No time limits, the given minimum sample per arm, unbounded maximum. */
  public static StageLimits minSample(long minSamplePerArm) {
    return new StageLimits(Duration.ZERO, Duration.ofDays(36500), minSamplePerArm, 0);
  }

  /** A copy with the given durations. */
  public StageLimits withDurations(Duration minDuration, Duration maxDuration) {
    return new StageLimits(minDuration, maxDuration, minSamplePerArm, maxSamplePerArm);
  }

  /** A copy with the given maximum sample per arm. */
  public StageLimits withMaxSamplePerArm(long maxSamplePerArm) {
    return new StageLimits(minDuration, maxDuration, minSamplePerArm, maxSamplePerArm);
  }
}
