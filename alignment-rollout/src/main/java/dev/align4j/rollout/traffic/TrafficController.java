package dev.align4j.rollout.traffic;

/**
 * The actuation SPI: how a gate moves traffic. Implement it over a real router, service mesh or feature-flag
 * system (Argo Rollouts {@code setWeight}/{@code setMirrorRoute}, Flagger's {@code stepWeight}/{@code mirror}, a
 * LaunchDarkly or Statsig rollout percentage). Calls must be idempotent: the gate may repeat them. An exception
 * leaves the gate's stage unchanged and is rethrown to the caller.
 */
public interface TrafficController {

  /** Sends {@code candidatePercent} % of live traffic to the candidate (0 to 100). */
  void setWeight(double candidatePercent);

  /** Mirrors {@code percent} % of live traffic to the candidate, whose responses are discarded (0 turns it off). */
  void mirror(double percent);

  /** Sends all traffic back to the incumbent and stops mirroring. */
  void rollback();
}
