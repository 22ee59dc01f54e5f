package dev.align4j.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The examples' simulated time: a UTC clock that moves only when a simulation advances it (an hour of rollout traffic,
 * for example). The testkit's {@code ManualClock} is the same idea but is a test-scope dependency of the examples. Not
 * thread-safe: one simulation owns it.
 */
public final class SimulatedClock extends Clock {
  private Instant now;

  /** A clock at {@code start}. */
  public SimulatedClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward by {@code d}. */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
