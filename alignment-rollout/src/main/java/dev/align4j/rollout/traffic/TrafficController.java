package dev.align4j.rollout.traffic;

/**
 * The actuation SPI: how a gate moves traffic. Implement it over a real router, service mesh or feature-flag
 * system (Argo Rollouts {@code setWeight}/{@code setMirrorRoute}, Flagger's {@code stepWeight}/{@code mirror}, a
 * LaunchDarkly or Statsig rollout percentage). Shares arrive as {@link TrafficShare}s: read
 * {@link TrafficShare#percent()} for a system that takes 0–100 and {@link TrafficShare#fraction()} for one that takes
 * 0–1. Calls must be idempotent: the gate may repeat them. An exception leaves the gate's stage unchanged and is
 * rethrown to the caller.
 */
public interface TrafficController {

  /** Sends {@code candidate} of live traffic to the candidate and the rest to the incumbent. */
  void setWeight(TrafficShare candidate);

  /** Mirrors {@code share} of live traffic to the candidate, whose responses are discarded (none turns it off). */
  void mirror(TrafficShare share);

  /** Sends all traffic back to the incumbent and stops mirroring. */
  void rollback();
}
