package dev.align4j.feedback.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.testkit.CapturingLogger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that answers a question it was not asked: the router never stores or counts such a label. An AI answer
 * about other texts is a failed AI call (the item goes to a human); a human answer about other texts is refused by
 * the queue, which keeps the task pending.
 */
class HybridRouterWrongAnswerTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void anAiAnswerAboutOtherTextsIsAFailedCallAndAHumanLabelsTheItem(@TempDir Path dir) {
    FeedbackSource confused =
        r ->
            CompletableFuture.completedFuture(
                PairwiseComparison.preferring(
                    r.prompt(),
                    Completion.of("something else entirely"),
                    r.candidates().get(0),
                    Provenance.ai("judge-9", null, T)));
    InMemoryReviewQueue q = new InMemoryReviewQueue();
    try (FeedbackStore store = FeedbackStore.open(dir.resolve("labels.jsonl"))) {
      HybridRouter router =
          HybridRouter.builder()
              .ai(confused)
              .humans(q)
              .store(store)
              .auditFraction(1.0)
              .logger(new CapturingLogger())
              .random(new SplittableRandom(1))
              .build();
      FeedbackRequest req = HybridRouterTest.pair(3, new SplittableRandom(3));
      CompletableFuture<Feedback> f = router.request(req).toCompletableFuture();
      assertEquals(1, q.pendingCount());
      assertEquals(
          RoutingReason.AI_FAILED,
          q.pending().get(0).reason(),
          "not an audit: the AI gave no answer");
      HybridRouterTest.drain(q, t -> t.startsWith("good"));
      Feedback label = f.join();
      assertEquals(SourceKind.HUMAN, label.provenance().kind());
      req.requireAnsweredBy(label);
      assertEquals(label, store.find(req.id()).orElseThrow());
      RouterStats s = router.stats();
      assertEquals(1, s.aiFailures());
      assertTrue(s.lastAiFailure().getMessage().contains(req.id()), s.lastAiFailure().getMessage());
      assertEquals(
          0,
          router.agreement().samples(HybridRouter.DEFAULT_SLICE),
          "the wrong answer is not an agreement sample");
    }
  }

  @Test
  void aHumanAnswerAboutOtherTextsIsRefusedAndTheTaskStaysPending() {
    InMemoryReviewQueue q = new InMemoryReviewQueue();
    FeedbackSource failing = r -> CompletableFuture.failedFuture(new IllegalStateException("down"));
    HybridRouter router =
        HybridRouter.builder().ai(failing).humans(q).logger(new CapturingLogger()).build();
    FeedbackRequest req = HybridRouterTest.pair(5, new SplittableRandom(5));
    CompletableFuture<Feedback> f = router.request(req).toCompletableFuture();
    Feedback wrong =
        PairwiseComparison.preferring(
            req.prompt(),
            Completion.of("not one of the two"),
            req.candidates().get(1),
            Provenance.human("annotator-7", T));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> q.submit(req.id(), wrong));
    assertTrue(
        e.getMessage().contains(req.id()) && e.getMessage().contains("not one of the two"),
        e.getMessage());
    assertEquals(1, q.pendingCount(), "a refused answer changes nothing");
    assertFalse(f.isDone());
    assertTrue(q.submit(req.id(), HybridRouterTest.human(req, t -> t.startsWith("good"))));
    assertEquals(SourceKind.HUMAN, f.join().provenance().kind());
  }
}
