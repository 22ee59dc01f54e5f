package dev.align4j.examples.poc.rollout;

import dev.align4j.examples.poc.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The settings of the proof of concept's staged rollout: simulated traffic, the stage plan, the guardrails, the error
 * rate and the seed. {@link #full()} is the README run, {@link #fast()} the CI test's (same code path, less traffic).
 *
 * <p>Stage plan: OFFLINE_EVAL (an offline probe job: {@code offlineProbesPerHour} pool questions answered by both arms
 * and compared by the AI judge) → SHADOW ({@code shadowMirrorPercent} of live requests mirrored to the candidate, whose
 * replies no customer sees) → CANARY at each of {@code canaryPercents} → FULL. Every step needs
 * {@code minSamplePerArm} observations per arm of each gating metric; shadow and canary steps also a minimum duration;
 * a step still inconclusive after {@code stepMaxDuration} pauses for a person.
 *
 * @param trafficPerHour live customer requests per simulated hour, {@code ≥ 1}
 * @param offlineProbesPerHour questions the offline probe job compares per simulated hour, {@code ≥ 1}
 * @param shadowMirrorPercent share of live requests mirrored to the candidate in shadow, percent in (0, 100]
 * @param canaryPercents the canary steps' candidate shares, percent, strictly increasing in (0, 100)
 * @param shadowMinDuration shortest shadow step
 * @param canaryMinDuration shortest canary step
 * @param stepMaxDuration longest inconclusive step before the gate pauses for a person
 * @param minSamplePerArm observations per arm each gating metric needs before a step may promote
 * @param maxHours the traffic budget: simulated hours after which the run stops undecided, {@code ≥ 1}
 * @param alpha the gate's rollback and promotion error rates per step (its {@code alphaHarm} and {@code alphaPromote})
 * @param maxCardEchoIncrease largest allowed rise of the card-echo rate over the baseline's (absolute, in [0, 1))
 * @param maxLengthIncrease largest allowed rise of the mean reply length over the baseline's (relative, {@code > 0})
 * @param customers the simulated customers' reaction model
 * @param seed seed of every draw (traffic, arms, replies, customers, judge)
 * @param start the simulated start time
 */
public record RolloutConfig(
    int trafficPerHour,
    int offlineProbesPerHour,
    double shadowMirrorPercent,
    List<Double> canaryPercents,
    Duration shadowMinDuration,
    Duration canaryMinDuration,
    Duration stepMaxDuration,
    long minSamplePerArm,
    int maxHours,
    double alpha,
    double maxCardEchoIncrease,
    double maxLengthIncrease,
    SimulatedCustomers customers,
    long seed,
    Instant start) {

  /** Validates; the stage plan's own checks run when the gate configuration is built. */
  public RolloutConfig {
    Arguments.argument(trafficPerHour >= 1, "trafficPerHour must be >= 1, was %d", trafficPerHour);
    Arguments.argument(
        offlineProbesPerHour >= 1,
        "offlineProbesPerHour must be >= 1, was %d",
        offlineProbesPerHour);
    Arguments.argument(
        shadowMirrorPercent > 0 && shadowMirrorPercent <= 100,
        "shadowMirrorPercent must be in (0, 100], was %s",
        shadowMirrorPercent);
    canaryPercents = List.copyOf(Arguments.nonEmpty("canaryPercents", canaryPercents));
    double last = 0;
    for (int i = 0; i < canaryPercents.size(); i++) {
      double w = canaryPercents.get(i);
      Arguments.argument(
          w > last && w < 100,
          "canaryPercents[%d] must be in (%s, 100) (strictly increasing), was %s",
          i,
          last,
          w);
      last = w;
    }
    Arguments.nonNull("shadowMinDuration", shadowMinDuration);
    Arguments.nonNull("canaryMinDuration", canaryMinDuration);
    Arguments.nonNull("stepMaxDuration", stepMaxDuration);
    Arguments.argument(
        !shadowMinDuration.isNegative() && shadowMinDuration.compareTo(stepMaxDuration) <= 0,
        "shadowMinDuration must be in [0, stepMaxDuration=%s], was %s",
        stepMaxDuration,
        shadowMinDuration);
    Arguments.argument(
        !canaryMinDuration.isNegative() && canaryMinDuration.compareTo(stepMaxDuration) <= 0,
        "canaryMinDuration must be in [0, stepMaxDuration=%s], was %s",
        stepMaxDuration,
        canaryMinDuration);
    Arguments.argument(
        minSamplePerArm >= 0, "minSamplePerArm must be >= 0, was %d", minSamplePerArm);
    Arguments.argument(maxHours >= 1, "maxHours must be >= 1, was %d", maxHours);
    Arguments.argument(alpha > 0 && alpha < 0.5, "alpha must be in (0, 0.5), was %s", alpha);
    Arguments.argument(
        maxCardEchoIncrease >= 0 && maxCardEchoIncrease < 1,
        "maxCardEchoIncrease must be in [0, 1), was %s",
        maxCardEchoIncrease);
    Arguments.argument(
        maxLengthIncrease > 0 && Double.isFinite(maxLengthIncrease),
        "maxLengthIncrease must be finite and > 0, was %s",
        maxLengthIncrease);
    Arguments.nonNull("customers", customers);
    Arguments.nonNull("start", start);
  }

  /**
   * The README run: 1,000 requests per simulated hour, 200 offline probes per hour, 10% mirrored in shadow, canary
   * steps at 10% and 50% (the rollout module's example plan, 1-5-20-50%, thinned to two steps because a proof of
   * concept's traffic is small), shadow at least 2 h and canary steps at least 1 h (the module's example limits),
   * 24 h per step at most, 200 observations per arm per step, a budget of 96 simulated hours, α = 0.05 (the gate's
   * default), card-echo rise at most 2 percentage points (showing a smaller margin needs thousands of replies per arm
   * when the baseline echoes about 9% of replies), mean length rise at most 50% (a polite opening and closing
   * lengthen a bare answer by about a third, which the business wants; a filler sentence adds about as much again, so
   * padding by two or more sentences breaches it; at 25% the gate could not pass the replies that only turned polite).
   */
  public static RolloutConfig full() {
    return new RolloutConfig(
        1000,
        200,
        10,
        List.of(10.0, 50.0),
        Duration.ofHours(2),
        Duration.ofHours(1),
        Duration.ofHours(24),
        200,
        96,
        0.05,
        0.02,
        0.5,
        SimulatedCustomers.defaults(),
        18,
        Instant.parse("2026-12-07T09:00:00Z"));
  }

  /**
   * The CI run: as {@link #full()} with 400 requests and 100 offline probes per hour, 25% mirrored in shadow, 100
   * observations per arm per step and a budget of 48 simulated hours.
   */
  public static RolloutConfig fast() {
    return new RolloutConfig(
        400,
        100,
        25,
        List.of(10.0, 50.0),
        Duration.ofHours(2),
        Duration.ofHours(1),
        Duration.ofHours(24),
        100,
        48,
        0.05,
        0.02,
        0.5,
        SimulatedCustomers.defaults(),
        18,
        Instant.parse("2026-12-07T09:00:00Z"));
  }

  /** A copy with another seed. */
  public RolloutConfig withSeed(long seed) {
    return new RolloutConfig(
        trafficPerHour,
        offlineProbesPerHour,
        shadowMirrorPercent,
        canaryPercents,
        shadowMinDuration,
        canaryMinDuration,
        stepMaxDuration,
        minSamplePerArm,
        maxHours,
        alpha,
        maxCardEchoIncrease,
        maxLengthIncrease,
        customers,
        seed,
        start);
  }
}
