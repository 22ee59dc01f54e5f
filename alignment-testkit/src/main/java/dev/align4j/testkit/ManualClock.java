package dev.align4j.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} for tests that moves only when told to ({@link #advance}, {@link #set}), in UTC. Thread-safe: the
 * time is one atomic reference, so a test thread may move it while the code under test reads it.
 */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;

  /** A clock standing at {@code start}. */
  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start must not be null"));
  }

  /** Moves the clock forward (or back, for a negative duration) by {@code d}. */
  public void advance(Duration d) {
    Objects.requireNonNull(d, "d must not be null");
    now.updateAndGet(t -> t.plus(d));
  }

  /** Sets the clock to {@code t}. */
  public void set(Instant t) {
    now.set(Objects.requireNonNull(t, "t must not be null"));
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
    return now.get();
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "]";
  }
}
