package dev.align4j.feedback.http;

import dev.align4j.core.check.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A circuit breaker (Nygard, "Release It!", 2007): after {@code failureThreshold} consecutive failed calls it opens and
 * rejects calls at once for {@code openDuration}; then it lets one trial call through (half-open) and closes on its
 * success or opens again on its failure. Thread-safe; time comes from the injected {@link Clock}.
 */
public final class CircuitBreaker {
  /** The breaker's state. */
  public enum State {
    /** Calls pass. */
    CLOSED,
    /** Calls are rejected. */
    OPEN,
    /** One trial call is allowed. */
    HALF_OPEN
  }

  private final int failureThreshold;
  private final Duration openDuration;
  private final Clock clock;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private Instant openedAt = Instant.EPOCH;
  private boolean trialInFlight;
  private Instant leftClosedAt = Instant.EPOCH;
  private Duration openTimeBefore = Duration.ZERO;
  private long timesOpened;

  /**
   * @param failureThreshold consecutive failures that open the breaker (default in {@link OpenAiChatModel}: 8)
   * @param openDuration how long it stays open (default 30 s)
   * @param clock time source
   */
  public CircuitBreaker(int failureThreshold, Duration openDuration, Clock clock) {
    this.failureThreshold = Require.positive("failureThreshold", failureThreshold);
    this.openDuration = Require.nonNull("openDuration", openDuration);
    Require.argument(!openDuration.isNegative(), "openDuration must be >= 0, was %s", openDuration);
    this.clock = Require.nonNull("clock", clock);
  }

  /** Whether a call may proceed now; a true answer in HALF_OPEN reserves the single trial call. */
  public synchronized boolean allow() {
    if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openDuration))) {
      state = State.HALF_OPEN;
      trialInFlight = false;
    }
    switch (state) {
      case CLOSED:
        return true;
      case HALF_OPEN:
        if (trialInFlight) {
          return false;
        }
        trialInFlight = true;
        return true;
      default:
        return false;
    }
  }

  /** Records a successful call. */
  public synchronized void onSuccess() {
    if (state != State.CLOSED) {
      openTimeBefore = openTimeBefore.plus(Duration.between(leftClosedAt, clock.instant()));
    }
    consecutiveFailures = 0;
    state = State.CLOSED;
    trialInFlight = false;
  }

  /** Records a failed call. */
  public synchronized void onFailure() {
    consecutiveFailures++;
    if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
      if (state == State.CLOSED) {
        leftClosedAt = clock.instant();
        timesOpened++;
      }
      state = State.OPEN;
      openedAt = clock.instant();
      trialInFlight = false;
    }
  }

  /** The current state (OPEN turns into HALF_OPEN only on the next {@link #allow()}). */
  public synchronized State state() {
    return state;
  }

  /**
   * Total time spent open or half-open (from opening until a successful call closed it again), the current period up
   * to now included.
   */
  public synchronized Duration openTime() {
    return state == State.CLOSED ? openTimeBefore
        : openTimeBefore.plus(Duration.between(leftClosedAt, clock.instant()));
  }

  /** How many times the breaker opened from the closed state. */
  public synchronized long timesOpened() {
    return timesOpened;
  }

  @Override
  public synchronized String toString() {
    return "CircuitBreaker[state=" + state + ", failureThreshold=" + failureThreshold + ", openDuration="
        + openDuration + "]";
  }
}
