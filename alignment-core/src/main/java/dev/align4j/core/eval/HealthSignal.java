package dev.align4j.core.eval;

/**
 * Something that watches a part of the alignment workflow and can say whether it is healthy right now: a training
 * run's health monitor (reward hacking, KL spikes, collapsed reward variance), a judge's calibration against people.
 * The rollout gate reads it as a precondition, so that a candidate whose training fired a hacking rule, or whose
 * judge lost calibration, is not promoted without a person.
 *
 * <p>It lives in core so that the module that watches (optimizers, feedback) and the module that acts (rollout) need
 * not know each other. Implementations are thread-safe: the gate may ask from another thread than the one that
 * feeds the monitor.
 */
@FunctionalInterface
public interface HealthSignal {

  /** The current status; never {@code null}. */
  HealthStatus status();
}
