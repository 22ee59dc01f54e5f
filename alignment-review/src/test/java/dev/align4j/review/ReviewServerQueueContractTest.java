package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code HumanReviewQueue} contract, held by the server from Java (the checks of alignment-feedback's queue
 * contract), and the API called without any socket.
 */
class ReviewServerQueueContractTest {
  @TempDir Path dir;

  @Test
  void theServerKeepsTheHumanReviewQueueContract() {
    try (ReviewFixture f = new ReviewFixture(dir)) {
      ReviewServer q = f.server;
      FeedbackRequest t1 = ReviewFixture.pair("t1", "p", "a", "b");
      CompletableFuture<Feedback> first = q.enqueue(f.task(t1)).toCompletableFuture();
      CompletableFuture<Feedback> again = q.enqueue(f.task(t1)).toCompletableFuture();
      q.enqueue(f.task(ReviewFixture.pair("t2", "p", "a", "b")));
      assertEquals(2, q.pendingCount(), "idempotent by id");
      assertEquals("t1", q.pending().get(0).id(), "oldest first");

      FeedbackRequest other = ReviewFixture.pair("o", "another prompt", "a", "b");
      Feedback wrong =
          PairwiseComparison.preferring(
              other.prompt(),
              Completion.of("a"),
              Completion.of("b"),
              Provenance.human("lea", f.clock.instant()));
      assertThrows(IllegalArgumentException.class, () -> q.submit("t1", wrong));
      assertEquals(2, q.pendingCount(), "a refused label leaves the task pending");
      assertTrue(q.answer("t1").isEmpty());
      assertEquals(0, f.store.size());

      Feedback label =
          PairwiseComparison.preferring(
              Prompt.of("p"),
              Completion.of("a"),
              Completion.of("b"),
              Provenance.human("lea", f.clock.instant()));
      assertTrue(q.submit("t1", label));
      assertFalse(q.submit("t1", label), "answered once");
      assertFalse(q.submit("nope", label));
      assertEquals(label, first.join());
      assertEquals(label, again.join());
      assertEquals(
          label,
          q.enqueue(f.task(t1)).toCompletableFuture().join(),
          "an answered id returns its answer");
      assertEquals(label, f.store.find("t1").orElseThrow(), "stored");
      assertEquals(1, q.pendingCount());
    }
  }

  @Test
  void theApiAnswersWithoutATransport() {
    try (ReviewFixture f = new ReviewFixture(dir)) {
      ApiResponse r = f.server.api().handle(ApiRequest.of("GET", "/api/tasks/next"));
      assertEquals(401, r.status());
      assertEquals(ReviewApi.CSP, r.header("Content-Security-Policy"));
      assertEquals("no-store", r.header("Cache-Control"));
      assertEquals(404, f.server.api().handle(ApiRequest.of("GET", "/nothing")).status());
      assertEquals(405, f.server.api().handle(ApiRequest.of("DELETE", "/api/login")).status());
    }
  }

  @Test
  void goldAndQueuedIdsMustDiffer() {
    FeedbackRequest g = ReviewFixture.pair("g1", "p", "a", "b");
    Feedback expected =
        PairwiseComparison.preferring(
            g.prompt(),
            Completion.of("a"),
            Completion.of("b"),
            Provenance.human("key", Instant.EPOCH));
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.gold(g, expected))) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> f.server.enqueue(f.task(g)));
      assertTrue(e.getMessage().contains("g1"), e.getMessage());
      assertEquals(0, f.server.pendingCount());
    }
  }
}
