package dev.align4j.feedback.http;

import dev.align4j.core.check.Require;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A sliding-window rate limit: at most {@code maxStarts} calls start in any window of length {@code window}, wherever
 * the window begins — the first window after construction included, so a burst of callers at start-up gets
 * {@code maxStarts} calls through and no more until the window has passed.
 *
 * <p>The limit keeps the start times of the last {@code maxStarts} calls (a ring of {@code maxStarts} longs, on the
 * injected nanosecond clock). A call may start at time {@code t} when fewer than {@code maxStarts} calls have started,
 * or when the oldest of the last {@code maxStarts} started at or before {@code t − window}. So any
 * {@code maxStarts + 1} consecutive starts span at least {@code window}, and no half-open window of that length holds
 * more than {@code maxStarts} of them. (A token bucket cannot promise this: a full bucket of {@code b} tokens refilled
 * at {@code r} per second lets {@code b + r} calls start in the first second.)
 *
 * <p>Waiting is done by the calling thread through the injected {@link Sleeper} (no timer thread). Thread-safe; a
 * limit can be shared by several clients of one endpoint.
 */
public final class RateLimit {
  /** The largest {@code maxStarts} accepted (the ring holds one long per start). */
  public static final int MAX_STARTS = 1_000_000;

  private final int maxStarts;
  private final Duration window;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final ReentrantLock lock = new ReentrantLock();
  private final long[] starts;
  private int count;
  private int oldest;

  /**
   * A limit on the system's monotonic clock ({@link System#nanoTime}) that waits with {@link Sleeper#SYSTEM}.
   *
   * @param maxStarts calls allowed to start per window, in {@code [1, MAX_STARTS]}
   * @param window the window length, {@code > 0}
   */
  public RateLimit(int maxStarts, Duration window) {
    this(maxStarts, window, System::nanoTime, Sleeper.SYSTEM);
  }

  /**
   * A limit reading time from {@code nanoTime} (monotonic, nanoseconds) and waiting with {@code sleeper}.
   *
   * @param maxStarts calls allowed to start per window, in {@code [1, MAX_STARTS]}
   * @param window the window length, {@code > 0}
   * @param nanoTime monotonic clock in nanoseconds
   * @param sleeper how a caller waits for its turn
   */
  public RateLimit(int maxStarts, Duration window, LongSupplier nanoTime, Sleeper sleeper) {
    Require.argument(maxStarts >= 1 && maxStarts <= MAX_STARTS, "maxStarts must be in [1, %d], was %d", MAX_STARTS,
        maxStarts);
    Require.nonNull("window", window);
    Require.argument(!window.isNegative() && !window.isZero(), "window must be > 0, was %s", window);
    this.maxStarts = maxStarts;
    this.window = window;
    this.windowNanos = window.toNanos();
    this.nanoTime = Require.nonNull("nanoTime", nanoTime);
    this.sleeper = Require.nonNull("sleeper", sleeper);
    this.starts = new long[maxStarts];
  }

  /** At most {@code maxStarts} calls per second. */
  public static RateLimit perSecond(int maxStarts) {
    return new RateLimit(maxStarts, Duration.ofSeconds(1));
  }

  /**
   * Starts a call now if the limit allows it; otherwise returns how long to wait before it may.
   *
   * @return 0 when the call may start (and is counted), else the wait in nanoseconds ({@code >= 1}; nothing counted)
   */
  public long tryAcquire() {
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      return grant(now) ? 0 : Math.max(1, starts[oldest] + windowNanos - now);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the limit allows a call to start and counts it.
   *
   * @return the start time on this limit's clock (nanoseconds)
   * @throws InterruptedException when interrupted while waiting (nothing counted)
   */
  public long acquire() throws InterruptedException {
    while (true) {
      long wait;
      lock.lock();
      try {
        long now = nanoTime.getAsLong();
        if (grant(now)) {
          return now;
        }
        wait = Math.max(1, starts[oldest] + windowNanos - now);
      } finally {
        lock.unlock();
      }
      sleeper.sleep(Duration.ofNanos(wait));
    }
  }

  private boolean grant(long now) {
    if (count < maxStarts) {
      starts[(oldest + count) % maxStarts] = now;
      count++;
      return true;
    }
    if (now - starts[oldest] >= windowNanos) {
      starts[oldest] = now;
      oldest = (oldest + 1) % maxStarts;
      return true;
    }
    return false;
  }

  /** Calls allowed per window. */
  public int maxStarts() {
    return maxStarts;
  }

  /** The window length. */
  public Duration window() {
    return window;
  }

  @Override
  public String toString() {
    return "RateLimit[maxStarts=" + maxStarts + ", window=" + window + "]";
  }
}
