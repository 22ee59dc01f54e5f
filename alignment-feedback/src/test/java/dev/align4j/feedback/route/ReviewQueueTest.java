package dev.align4j.feedback.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewQueueTest {
  private static ReviewTask task(String id) {
    return new ReviewTask(FeedbackRequest.pairwise(id, Prompt.of("p"), Completion.of("a"), Completion.of("b"))
        .withMetadata("category", "legal"), RoutingReason.AUDIT, null, Instant.parse("2026-01-01T00:00:00Z"));
  }

  private static void contract(HumanReviewQueue q) {
    CompletableFuture<Feedback> f1 = q.enqueue(task("t1")).toCompletableFuture();
    CompletableFuture<Feedback> f1again = q.enqueue(task("t1")).toCompletableFuture();
    q.enqueue(task("t2"));
    assertEquals(2, q.pendingCount(), "idempotent by id");
    assertEquals("t1", q.pending().get(0).id(), "oldest first");
    // a label for another prompt does not answer t1: refused, and nothing changes
    FeedbackRequest other = FeedbackRequest.pairwise("o", Prompt.of("another prompt"), Completion.of("a"),
        Completion.of("b"));
    Feedback wrong = HybridRouterTest.human(other, t -> t.equals("a"));
    assertThrows(IllegalArgumentException.class, () -> q.submit("t1", wrong));
    assertEquals(2, q.pendingCount(), "a refused label leaves the task pending");
    assertTrue(q.answer("t1").isEmpty());
    assertFalse(f1.isDone());
    Feedback label = HybridRouterTest.human(task("t1").request(), t -> t.equals("a"));
    assertTrue(q.submit("t1", label));
    assertFalse(q.submit("t1", label), "answered once");
    assertFalse(q.submit("nope", label));
    assertEquals(label, f1.join());
    assertEquals(label, f1again.join());
    assertEquals(label, q.enqueue(task("t1")).toCompletableFuture().join(), "answered id returns its answer");
    assertEquals(1, q.pendingCount());
  }

  @Test
  void inMemoryQueueHonoursTheContract() {
    contract(new InMemoryReviewQueue());
  }

  @Test
  void fileQueueHonoursTheContractAndSurvivesReopenAndATornTail(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("queue.jsonl");
    try (FileReviewQueue q = FileReviewQueue.open(f, Clock.systemUTC())) {
      contract(q);
    }
    Files.writeString(f, "{\"op\":\"enq", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (FileReviewQueue q = FileReviewQueue.open(f, Clock.systemUTC())) {
      assertTrue(q.recovery().quarantined());
      assertEquals(1, q.pendingCount());
      ReviewTask t2 = q.pending().get(0);
      assertEquals("t2", t2.id());
      assertEquals("legal", t2.request().metadata().get("category"));
      assertEquals(RoutingReason.AUDIT, t2.reason());
      assertTrue(q.answer("t1").isPresent());
      CompletableFuture<Feedback> f2 = q.enqueue(task("t2")).toCompletableFuture();
      Feedback label = HybridRouterTest.human(t2.request(), t -> t.equals("b"));
      assertTrue(q.submit("t2", label));
      assertEquals(label, f2.join());
    }
    try (FileReviewQueue q = FileReviewQueue.open(f, Clock.systemUTC())) {
      assertEquals(0, q.pendingCount());
      assertEquals(2, Files.readAllLines(f).stream().filter(l -> l.contains("\"submit\"")).count());
    }
    try (FileReviewQueue q = FileReviewQueue.open(f, Clock.systemUTC())) {
      assertEquals(0, q.pendingCount(), "the refused label of the contract run was never journalled");
    }
    // unused helper reference keeps the seeded pair generator exercised by this class too
    assertEquals("q0", HybridRouterTest.pair(0, new SplittableRandom(0)).id());
  }

  @Test
  void theFileQueueJournalsBeforeItChangesState(@TempDir Path dir) {
    Path f = dir.resolve("queue.jsonl");
    FileReviewQueue q = FileReviewQueue.open(f, Clock.systemUTC());
    CompletableFuture<Feedback> f1 = q.enqueue(task("t1")).toCompletableFuture();
    q.close(); // every later journal write fails
    Feedback label = HybridRouterTest.human(task("t1").request(), t -> t.equals("a"));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> q.submit("t1", label));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertEquals(1, q.pendingCount(), "an answer that could not be journalled is not acknowledged");
    assertTrue(q.answer("t1").isEmpty());
    assertFalse(f1.isDone());
    assertThrows(UncheckedIOException.class, () -> q.enqueue(task("t2")));
    assertEquals(1, q.pendingCount(), "a task that could not be journalled is not queued");
  }
}
