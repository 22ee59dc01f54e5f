package dev.align4j.review;

import dev.align4j.core.check.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed-login back-off per client address: after {@code freeFailures} consecutive wrong tokens from one address, each
 * further wrong token locks the address out for {@code base · 2^(f − freeFailures − 1)}, capped at {@code max} ({@code
 * f} the address's consecutive failures); while locked out a login is refused with 429 and {@code Retry-After} before
 * the token is looked at. A correct token resets the address; an address quiet for {@code forgetAfter} after both its
 * last failure and the end of its lockout starts afresh. Time comes from the injected {@link Clock}.
 *
 * <p>Bounded memory: at most {@code maxAddresses} addresses are tracked; a new one beyond that first drops the
 * forgettable entries, then the least recently failing address. Thread-safe; no threads of its own.
 */
final class LoginThrottle {
  private final Clock clock;
  private final int freeFailures;
  private final Duration base;
  private final Duration max;
  private final Duration forgetAfter;
  private final int maxAddresses;
  private final LinkedHashMap<String, State> byAddress = new LinkedHashMap<>(16, 0.75f, true);

  LoginThrottle(
      Clock clock,
      int freeFailures,
      Duration base,
      Duration max,
      Duration forgetAfter,
      int maxAddresses) {
    this.clock = Require.nonNull("clock", clock);
    Require.argument(freeFailures >= 0, "freeFailures must be >= 0, was %d", freeFailures);
    this.freeFailures = freeFailures;
    this.base = Require.nonNull("base", base);
    this.max = Require.nonNull("max", max);
    Require.argument(!base.isNegative() && !base.isZero(), "base must be positive, was %s", base);
    Require.argument(max.compareTo(base) >= 0, "max must be >= base (%s), was %s", base, max);
    this.forgetAfter = Require.nonNull("forgetAfter", forgetAfter);
    this.maxAddresses = Require.positive("maxAddresses", maxAddresses);
  }

  /** How long {@code address} must still wait, or empty when it may try a token now. */
  synchronized Optional<Duration> retryAfter(String address) {
    State s = byAddress.get(address);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return now.isBefore(s.lockedUntil)
        ? Optional.of(Duration.between(now, s.lockedUntil))
        : Optional.empty();
  }

  /** Records a wrong token from {@code address}; returns the lockout it now has (zero while failures are free). */
  synchronized Duration failed(String address) {
    Instant now = clock.instant();
    State s = byAddress.get(address);
    if (s == null) {
      if (byAddress.size() >= maxAddresses) {
        evict(now);
      }
      s = new State();
      byAddress.put(address, s);
    } else if (forgettable(s, now)) {
      s.failures = 0; // quiet for forgetAfter: a fresh start
    }
    s.failures++;
    s.lastFailure = now;
    Duration lock = Duration.ZERO;
    int over = s.failures - freeFailures;
    if (over > 0) {
      lock = over > 40 ? max : base.multipliedBy(1L << (over - 1));
      if (lock.compareTo(max) > 0) {
        lock = max;
      }
      s.lockedUntil = now.plus(lock);
    }
    return lock;
  }

  /** Records a correct token from {@code address}: its failures are forgotten. */
  synchronized void succeeded(String address) {
    byAddress.remove(address);
  }

  /** Addresses tracked now. */
  synchronized int tracked() {
    return byAddress.size();
  }

  private void evict(Instant now) {
    Iterator<Map.Entry<String, State>> it = byAddress.entrySet().iterator();
    while (it.hasNext()) {
      State s = it.next().getValue();
      if (forgettable(s, now)) {
        it.remove();
      }
    }
    if (byAddress.size() >= maxAddresses) {
      // access order: the first entry is the address that failed least recently
      it = byAddress.entrySet().iterator();
      it.next();
      it.remove();
    }
  }

  /** Quiet for {@code forgetAfter} since both its last failure and the end of its lockout. */
  private boolean forgettable(State s, Instant now) {
    return !now.isBefore(s.lastFailure.plus(forgetAfter))
        && !now.isBefore(s.lockedUntil.plus(forgetAfter));
  }

  private static final class State {
    int failures;
    Instant lastFailure = Instant.MIN;
    Instant lockedUntil = Instant.MIN;
  }
}
