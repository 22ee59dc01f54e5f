package dev.align4j.feedback.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit of the task journal: concurrent submissions share forces, and each is acknowledged (returns, completes
 * its stage) only once a force that began after its line was written has succeeded.
 */
class FileReviewQueueGroupCommitTest {
  private static final int THREADS = 12;

  @TempDir Path dir;

  private static ReviewTask task(String id) {
    return new ReviewTask(
        FeedbackRequest.pairwise(id, Prompt.of("p " + id), Completion.of("a"), Completion.of("b")),
        RoutingReason.AUDIT,
        null,
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** How many submit lines the journal holds so far. */
  private static int submitLines(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.ISO_8859_1);
      int n = 0;
      for (int at = text.indexOf("{\"op\":\"submit\"");
          at >= 0;
          at = text.indexOf("{\"op\":\"submit\"", at + 1)) {
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The byte offset one past the journal line that answers {@code id}, or −1. */
  private static long submitLineEnd(Path file, String id) throws IOException {
    byte[] all = Files.readAllBytes(file);
    String text =
        new String(all, StandardCharsets.ISO_8859_1); // one char per byte: offsets are byte offsets
    int at = text.indexOf("{\"op\":\"submit\",\"id\":\"" + id + "\"");
    return at < 0 ? -1 : text.indexOf('\n', at) + 1;
  }

  @Test
  void concurrentSubmissionsShareForcesAndAllEndDurable() throws Exception {
    Path file = dir.resolve("queue.jsonl");
    AtomicLong forcedFrom = new AtomicLong(); // the file size when the last successful force began
    AtomicInteger forces = new AtomicInteger();
    AtomicInteger firstSubmitForce = new AtomicInteger(-1); // set once the enqueues are durable
    List<CompletableFuture<Feedback>> stages = new ArrayList<>();
    ConcurrentLinkedQueue<String> notDurableOnAck = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (FileReviewQueue q =
        FileReviewQueue.open(
            file,
            Clock.systemUTC(),
            ch -> {
              long size = ch.size();
              if (forces.incrementAndGet() == firstSubmitForce.get()) {
                // a slow disk: the first force of the submissions lasts until every submission has
                // written its line (bounded), so the others must wait for and share the next force
                // whatever the scheduler does
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (submitLines(file) < THREADS && System.nanoTime() < deadline) {
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                  }
                }
              }
              ch.force(false);
              forcedFrom.accumulateAndGet(size, Math::max);
            })) {
      for (int i = 0; i < THREADS; i++) {
        stages.add(q.enqueue(task("t" + i)).toCompletableFuture());
      }
      int forcesAfterEnqueue = forces.get();
      firstSubmitForce.set(forcesAfterEnqueue + 1);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        String id = "t" + i;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  Feedback label = HybridRouterTest.human(task(id).request(), t -> t.equals("a"));
                  boolean ok = q.submit(id, label);
                  // acknowledged: its line must lie inside what a successful force covered
                  long end = submitLineEnd(file, id);
                  if (end < 0 || end > forcedFrom.get()) {
                    notDurableOnAck.add(
                        id + " (line end " + end + ", forced " + forcedFrom.get() + ")");
                  }
                  return ok;
                }));
      }
      start.countDown();
      for (Future<Boolean> r : results) {
        assertTrue(r.get(30, TimeUnit.SECONDS), "every submission answered its task");
      }
      assertEquals(List.of(), new ArrayList<>(notDurableOnAck), "acknowledged only once durable");
      int submitForces = forces.get() - forcesAfterEnqueue;
      // the first force covers its own line; every other line was written while it ran, so one
      // more force covers them all (one force per submission without group commit)
      assertEquals(
          2,
          submitForces,
          "concurrent submissions share forces: forces for " + THREADS + " submissions");
      for (CompletableFuture<Feedback> s : stages) {
        assertTrue(s.isDone(), "every stage completed");
      }
    } finally {
      pool.shutdownNow();
    }
    try (FileReviewQueue q = FileReviewQueue.open(file, Clock.systemUTC())) {
      assertEquals(0, q.pendingCount());
      for (int i = 0; i < THREADS; i++) {
        assertTrue(q.answer("t" + i).isPresent(), "t" + i + " answered after reopening");
      }
    }
  }

  @Test
  void aFailedForceAcknowledgesNothingAndTheQueueRefusesChangesUntilReopened() throws Exception {
    Path file = dir.resolve("queue.jsonl");
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<Feedback> stage;
    try (FileReviewQueue q =
        FileReviewQueue.open(
            file,
            Clock.systemUTC(),
            ch -> {
              if (calls.incrementAndGet() == 2) {
                throw new IOException("disk error (test)");
              }
              ch.force(false);
            })) {
      stage = q.enqueue(task("t1")).toCompletableFuture(); // force 1
      Feedback label = HybridRouterTest.human(task("t1").request(), t -> t.equals("a"));
      UncheckedIOException e =
          assertThrows(UncheckedIOException.class, () -> q.submit("t1", label));
      assertTrue(e.getMessage().contains("review queue"), e.getMessage());
      assertEquals("disk error (test)", e.getCause().getMessage());
      assertFalse(stage.isDone(), "the stage is not completed by an answer that is not durable");
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> q.enqueue(task("t2")));
      assertTrue(refused.getMessage().contains("reopen"), refused.getMessage());
      assertEquals(e, refused.getCause());
    }
    try (FileReviewQueue q = FileReviewQueue.open(file, Clock.systemUTC())) {
      assertEquals(
          1, q.pendingCount(), "the answer whose force failed is not on file: t1 is pending again");
      assertTrue(q.answer("t1").isEmpty());
    }
  }
}
