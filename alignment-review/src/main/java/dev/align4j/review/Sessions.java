package dev.align4j.review;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Login sessions: a random 256-bit session id (the cookie) and a random 256-bit CSRF token bound to it (the
 * synchronizer-token pattern of the OWASP CSRF Prevention Cheat Sheet), both from the injected generator (a
 * {@code SecureRandom} unless a test supplies another). The table is keyed by the SHA-256 of the id, so neither a
 * lookup's timing nor a heap dump gives a usable id away; the CSRF token is compared in constant time. Sessions end
 * after an idle timeout and an absolute lifetime (OWASP Session Management Cheat Sheet: 15–30 minutes idle for
 * low-risk applications, 4–8 hours absolute for a working day).
 */
final class Sessions {
  /** One login. */
  static final class Session {
    final Reviewer reviewer;
    final String csrf;
    final Instant created;
    volatile Instant lastSeen;

    Session(Reviewer reviewer, String csrf, Instant created) {
      this.reviewer = reviewer;
      this.csrf = csrf;
      this.created = created;
      this.lastSeen = created;
    }

    boolean csrfMatches(String candidate) {
      return MessageDigest.isEqual(Reviewer.digest(csrf), Reviewer.digest(candidate));
    }

    @Override
    public String toString() {
      return "Session[" + reviewer.name() + "]";
    }
  }

  /** A new session and the id for the cookie (the id is not kept). */
  record Created(String id, Session session) {
    @Override
    public String toString() {
      return "Created[" + session + "]";
    }
  }

  private final Map<String, Session> byDigest = new ConcurrentHashMap<>();
  private final RandomGenerator random;
  private final Clock clock;
  private final Duration idle;
  private final Duration maxAge;

  Sessions(RandomGenerator random, Clock clock, Duration idle, Duration maxAge) {
    this.random = random;
    this.clock = clock;
    this.idle = idle;
    this.maxAge = maxAge;
  }

  Created open(Reviewer reviewer) {
    String id = token();
    Session s = new Session(reviewer, token(), clock.instant());
    byDigest.put(key(id), s);
    return new Created(id, s);
  }

  Optional<Session> find(String id) {
    String k = key(id);
    Session s = byDigest.get(k);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (now.isAfter(s.lastSeen.plus(idle)) || now.isAfter(s.created.plus(maxAge))) {
      byDigest.remove(k, s);
      return Optional.empty();
    }
    s.lastSeen = now;
    return Optional.of(s);
  }

  void close(String id) {
    byDigest.remove(key(id));
  }

  int size() {
    return byDigest.size();
  }

  private String token() {
    byte[] b = new byte[32];
    synchronized (random) { // a SecureRandom is thread-safe; another generator need not be
      random.nextBytes(b);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String key(String id) {
    return HexFormat.of().formatHex(Reviewer.digest(id));
  }
}
