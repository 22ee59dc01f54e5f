package dev.align4j.feedback.http;

import java.time.Duration;

/** How the client waits between retries: {@link #SYSTEM} uses {@link Thread#sleep}; tests can record the waits. */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the calling thread. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;
}
