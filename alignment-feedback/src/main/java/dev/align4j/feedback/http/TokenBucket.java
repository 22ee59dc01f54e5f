package dev.align4j.feedback.http;

import dev.align4j.core.check.Require;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token-bucket rate limiter: holds at most {@code capacity} tokens, refilled continuously at {@code ratePerSecond};
 * each call takes one token and, when none is left, waits until one has been refilled. Waiting is done by the calling
 * thread (no timer thread).
 */
public final class TokenBucket {
  private final double capacity;
  private final double ratePerNano;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private double tokens;
  private long last;

  /**
   * @param ratePerSecond refill rate, tokens per second ({@code > 0})
   * @param capacity burst size, {@code >= 1}
   */
  public TokenBucket(double ratePerSecond, double capacity) {
    this(ratePerSecond, capacity, System::nanoTime);
  }

  /** A bucket reading time from {@code nanoTime} (for tests). */
  public TokenBucket(double ratePerSecond, double capacity, LongSupplier nanoTime) {
    Require.positive("ratePerSecond", ratePerSecond);
    Require.argument(capacity >= 1 && Double.isFinite(capacity), "capacity must be finite and >= 1, was %s", capacity);
    this.capacity = capacity;
    this.ratePerNano = ratePerSecond / 1e9;
    this.nanoTime = Require.nonNull("nanoTime", nanoTime);
    this.tokens = capacity;
    this.last = nanoTime.getAsLong();
  }

  /**
   * Takes a token if one is available now; otherwise returns how many nanoseconds to wait before one will be.
   *
   * @return 0 when a token was taken, else the wait in nanoseconds (no token taken)
   */
  public long tryAcquire() {
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano));
    } finally {
      lock.unlock();
    }
  }

  /** Takes a token, waiting for it if needed. */
  public void acquire() throws InterruptedException {
    long wait;
    while ((wait = tryAcquire()) > 0) {
      java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  @Override
  public String toString() {
    return "TokenBucket[capacity=" + capacity + ", ratePerSecond=" + ratePerNano * 1e9 + "]";
  }
}
