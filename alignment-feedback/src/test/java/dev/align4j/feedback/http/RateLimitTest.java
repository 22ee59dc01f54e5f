package dev.align4j.feedback.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitTest {
  private static final long SECOND = 1_000_000_000L;

  /** The most starts in any half-open window {@code [t, t + window)}, counted by brute force over every start. */
  static int maxInAnyWindow(List<Long> starts, long window) {
    List<Long> sorted = new ArrayList<>(starts);
    sorted.sort(null);
    int max = 0;
    for (int i = 0; i < sorted.size(); i++) {
      int n = 0;
      for (int j = i; j < sorted.size() && sorted.get(j) - sorted.get(i) < window; j++) {
        n++;
      }
      max = Math.max(max, n);
    }
    return max;
  }

  /**
   * A burst of concurrent callers from the very first request, on a virtual clock that only moves when a caller
   * waits (by a seeded share of the wait, so callers also wake too early and must check again): every one-second
   * window holds at most the limit, the first one included, and the limit is used (not starved).
   */
  @ParameterizedTest(name = "limit {0}, seed {1}")
  @CsvSource({"1, 1", "3, 2", "5, 3", "20, 4"})
  void noWindowHoldsMoreThanTheLimitFromTheFirstRequest(int limit, long seed) throws Exception {
    AtomicLong now = new AtomicLong(7 * SECOND + 12_345);
    SplittableRandom r = new SplittableRandom(seed);
    Sleeper virtual = d -> {
      double share;
      synchronized (r) {
        share = 0.25 + 0.75 * r.nextDouble();
      }
      now.addAndGet(Math.max(1, (long) (d.toNanos() * share)));
      Thread.yield();
    };
    RateLimit rl = new RateLimit(limit, Duration.ofSeconds(1), now::get, virtual);
    int threads = 8;
    int perThread = 4 * limit;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Long> starts = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          for (int i = 0; i < perThread; i++) {
            starts.add(rl.acquire());
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * perThread, starts.size());
    assertEquals(limit, maxInAnyWindow(starts, SECOND), "most starts in any 1 s window");
    long first = starts.stream().min(Long::compare).orElseThrow();
    long inFirstSecond = starts.stream().filter(s -> s - first < SECOND).count();
    assertEquals(limit, inFirstSecond, "the first second, from the first request");
  }

  @Test
  void tryAcquireReportsTheWaitUntilTheOldestStartLeavesTheWindow() {
    long[] now = {0};
    RateLimit rl = new RateLimit(2, Duration.ofSeconds(1), () -> now[0], d -> { });
    assertEquals(0, rl.tryAcquire());
    now[0] = 300_000_000L;
    assertEquals(0, rl.tryAcquire());
    assertEquals(700_000_000L, rl.tryAcquire(), "the start at 0 leaves the window at 1 s");
    now[0] = 999_999_999L;
    assertEquals(1, rl.tryAcquire());
    now[0] = SECOND;
    assertEquals(0, rl.tryAcquire());
    assertEquals(300_000_000L, rl.tryAcquire(), "then the start at 0.3 s, at 1.3 s");
    now[0] = 1_300_000_000L;
    assertEquals(0, rl.tryAcquire());
  }

  @Test
  void aTokenBucketShapedBurstIsNotAllowed() {
    // a full token bucket of 5 refilled at 5/s would let 9 calls start in the first second (5 at once, then one
    // every 200 ms); the limit lets exactly 5 start in [0, 1 s) and the sixth at 1 s
    long[] now = {0};
    List<Long> starts = new ArrayList<>();
    RateLimit rl = new RateLimit(5, Duration.ofSeconds(1), () -> now[0], d -> now[0] += d.toNanos());
    for (int i = 0; i < 12; i++) {
      try {
        starts.add(rl.acquire());
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, SECOND, SECOND, SECOND, SECOND, SECOND, 2 * SECOND, 2 * SECOND), starts);
  }

  @Test
  void rejectsBadArgumentsWithNamedMessages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RateLimit(0, Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("maxStarts") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RateLimit(1, Duration.ZERO));
    assertTrue(e.getMessage().contains("window"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RateLimit(RateLimit.MAX_STARTS + 1,
        Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("maxStarts"), e.getMessage());
    assertEquals("RateLimit[maxStarts=3, window=PT1S]", RateLimit.perSecond(3).toString());
  }
}
