package dev.align4j.examples.poc.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The rollout's simulated time: a UTC clock that moves only when the simulation advances it by an hour of traffic.
 * (The testkit's {@code ManualClock} is the same idea but is a test-scope dependency of the examples.) Not
 * thread-safe: one rollout owns it.
 */
final class SimulatedClock extends Clock {
  private Instant now;

  SimulatedClock(Instant start) {
    this.now = start;
  }

  void advance(Duration d) {
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
