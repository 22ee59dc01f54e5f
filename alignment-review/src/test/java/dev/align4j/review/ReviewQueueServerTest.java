package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.SourceKind;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.store.FeedbackJson;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue behind the API: idempotent answers, overlap through the router, undo, progress and restart. */
class ReviewQueueServerTest {
  @TempDir Path dir;

  @Test
  void aSecondIdenticalAnswerGetsTheSameAckAndADifferentOneIs409WithNothingChanged() {
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.minSubmitted(2))) {
      f.server.enqueue(f.task(ReviewFixture.pair("q1", "Which?", "one", "two")));
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      JsonNode task = f.next(ann);
      HttpResponse<String> first =
          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(task, "A"), ann);
      assertEquals(200, first.statusCode(), first.body());
      HttpResponse<String> again =
          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(task, "A"), ann);
      assertEquals(200, again.statusCode(), again.body());
      assertEquals(first.body(), again.body(), "the same answer gets the same acknowledgement");

      HttpResponse<String> other =
          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(task, "B"), ann);
      assertEquals(409, other.statusCode(), other.body());
      assertTrue(
          ReviewFixture.json(other)
              .get("error")
              .asText()
              .contains("already answered task q1 differently"));

      assertEquals(1, ReviewFixture.json(f.get("/api/progress", ann)).get("doneToday").asInt());
      assertEquals(1, f.server.pendingCount(), "one of two answers: still pending");
      long lines =
          ReviewFixture.lines(read(dir.resolve("feedback.jsonl.review-answers.jsonl"))).size();
      assertEquals(1, lines, "one answer journalled");
    }
  }

  @Test
  void withOverlapTwoTheRoutersStageCompletesAfterTwoReviewersWithTheConsensus() throws Exception {
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.minSubmitted(2))) {
      HybridRouter router =
          HybridRouter.builder()
              .ai(
                  r ->
                      CompletableFuture.failedFuture(
                          new IllegalStateException("the AI is not asked")))
              .humans(f.server)
              .humanCategories(Set.of("medical"))
              .store(f.store)
              .clock(f.clock)
              .build();
      FeedbackRequest q =
          ReviewFixture.pair("m1", "Dose?", "ask a doctor", "take ten")
              .withMetadata("category", "medical");
      CompletableFuture<Feedback> stage = router.request(q).toCompletableFuture();
      assertEquals(1, f.server.pendingCount());

      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      ReviewFixture.Login bob = f.login(ReviewFixture.BOB_TOKEN);
      JsonNode forAnn = f.next(ann);
      assertEquals(
          200,
          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(forAnn, "A"), ann).statusCode());
      assertFalse(stage.isDone(), "one answer of two");
      JsonNode forBob = f.next(bob);
      assertEquals("m1", forBob.get("taskId").asText(), "overlap: bob gets the item ann answered");
      assertEquals(
          200,
          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(forBob, "A"), bob).statusCode());

      PairwiseComparison label = (PairwiseComparison) stage.get(5, TimeUnit.SECONDS);
      assertEquals(Outcome.A, label.outcome());
      assertEquals(1.0, label.probabilityA());
      assertEquals(SourceKind.HUMAN, label.provenance().kind());
      assertEquals("ann,bob", label.provenance().attributes().get("reviewers"));
      assertEquals(
          label, f.store.find("m1").orElseThrow(), "stored once, the label every caller gets");
      assertEquals(0, f.server.pendingCount());
      assertEquals(204, f.get("/api/tasks/next", ann).statusCode(), "nothing left");

      // a third reviewer comes too late
      ReviewFixture.Login lea = f.login(ReviewFixture.LEA_TOKEN);
      HttpResponse<String> late =
          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(forBob, "B"), lea);
      assertEquals(409, late.statusCode(), late.body());
    }
  }

  @Test
  void splitVotesGiveATieAndTheShownOrderIsRecordedWithEachAnswer() throws Exception {
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.minSubmitted(2))) {
      FeedbackRequest q = ReviewFixture.pair("t1", "Which?", "left", "right");
      CompletableFuture<Feedback> stage = f.server.enqueue(f.task(q)).toCompletableFuture();
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      ReviewFixture.Login bob = f.login(ReviewFixture.BOB_TOKEN);
      JsonNode a = f.next(ann);
      JsonNode b = f.next(bob);
      // the candidates are listed in the order shown
      assertEquals(a.get("order").get(0).asInt(), a.get("candidates").get(0).get("index").asInt());
      f.post("/api/submissions", ReviewFixture.pairwiseAnswer(a, "A"), ann);
      f.post("/api/submissions", ReviewFixture.pairwiseAnswer(b, "B"), bob);
      PairwiseComparison label = (PairwiseComparison) stage.get(5, TimeUnit.SECONDS);
      assertEquals(Outcome.TIE, label.outcome(), "one vote each: the tie outcome");
      assertEquals(0.5, label.probabilityA());
      String journal = read(dir.resolve("feedback.jsonl.review-answers.jsonl"));
      assertTrue(
          journal.contains(
              "\"presentation_order\":\""
                  + a.get("order").get(0).asInt()
                  + ","
                  + a.get("order").get(1).asInt()
                  + "\""),
          journal);
      Presentation annSaw =
          a.get("order").get(0).asInt() == 0 ? Presentation.A_FIRST : Presentation.B_FIRST;
      Presentation bobSaw =
          b.get("order").get(0).asInt() == 0 ? Presentation.A_FIRST : Presentation.B_FIRST;
      assertEquals(annSaw == bobSaw ? annSaw : Presentation.BOTH_ORDERS, label.presentation());
    }
  }

  @Test
  void undoWorksWithinTheWindowOnlyAndNotOnACompletedItem() {
    try (ReviewFixture f =
        new ReviewFixture(dir, b -> b.minSubmitted(2).undoWindow(Duration.ofSeconds(60)))) {
      f.server.enqueue(f.task(ReviewFixture.pair("u1", "Which?", "one", "two")));
      f.server.enqueue(f.task(ReviewFixture.pair("u2", "Which?", "three", "four")));
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      JsonNode t1 = f.next(ann);
      assertEquals(
          200, f.post("/api/submissions", ReviewFixture.pairwiseAnswer(t1, "A"), ann).statusCode());
      // the page asks for the next task at once: u2 is assigned before the reviewer thinks of
      // undoing
      assertEquals("u2", f.next(ann).get("taskId").asText());
      f.clock.advance(Duration.ofSeconds(30));
      HttpResponse<String> undo = f.post("/api/undo", "{}", ann);
      assertEquals(200, undo.statusCode(), undo.body());
      assertEquals("u1", ReviewFixture.json(undo).get("taskId").asText());
      assertEquals(409, f.post("/api/undo", "{}", ann).statusCode(), "only the last answer, once");
      // after the undo the item taken back is shown again, and the answer may change
      JsonNode again = f.next(ann);
      assertEquals("u1", again.get("taskId").asText());
      assertEquals(
          200,
          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(again, "B"), ann).statusCode());
      f.clock.advance(Duration.ofSeconds(61));
      HttpResponse<String> late = f.post("/api/undo", "{}", ann);
      assertEquals(409, late.statusCode());
      assertTrue(
          ReviewFixture.json(late).get("error").asText().contains("undo window of 60 s"),
          late.body());

      // bob completes u1: ann's answer to it is final
      ReviewFixture.Login bob = f.login(ReviewFixture.BOB_TOKEN);
      JsonNode b1 = f.next(bob);
      assertEquals("u1", b1.get("taskId").asText());
      ReviewFixture.Login bobAgain = bob;
      f.post("/api/submissions", ReviewFixture.pairwiseAnswer(b1, "B"), bobAgain);
      assertEquals(
          409, f.post("/api/undo", "{}", bob).statusCode(), "a completed item's answers are final");
      assertEquals(Outcome.B, ((PairwiseComparison) f.server.answer("u1").orElseThrow()).outcome());
      JsonNode p = ReviewFixture.json(f.get("/api/progress", ann));
      assertEquals(1, p.get("doneToday").asInt());
      assertEquals(1, p.get("remaining").asInt());
      assertEquals(2, p.get("total").asInt());
    }
  }

  @Test
  void closingAndReopeningOnTheSameFilesResumes() throws Exception {
    ReviewFixture f = new ReviewFixture(dir, b -> b.minSubmitted(2));
    try {
      f.server.enqueue(f.task(ReviewFixture.pair("r1", "Which?", "one", "two")));
      f.server.enqueue(f.task(ReviewFixture.pair("r2", "Which?", "three", "four")));
      f.server.enqueue(f.task(ReviewFixture.pair("r3", "Which?", "five", "six")));
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      ReviewFixture.Login bob = f.login(ReviewFixture.BOB_TOKEN);
      JsonNode a1 = f.next(ann);
      f.post("/api/submissions", ReviewFixture.pairwiseAnswer(a1, "A"), ann);
      JsonNode b1 = f.next(bob);
      f.post("/api/submissions", ReviewFixture.pairwiseAnswer(b1, "A"), bob); // r1 complete
      JsonNode a2 = f.next(ann);
      assertEquals("r2", a2.get("taskId").asText());
      HttpResponse<String> ack =
          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(a2, "B"), ann);
      assertEquals(200, ack.statusCode()); // r2 half answered
      Feedback r1 = f.server.answer("r1").orElseThrow();

      f.closeServerAndStore();
      f.open();

      assertEquals(List.of("r2", "r3"), f.server.pending().stream().map(t -> t.id()).toList());
      assertEquals(r1, f.server.answer("r1").orElseThrow());
      assertEquals(r1, f.store.find("r1").orElseThrow());
      ReviewFixture.Login annAgain = f.login(ReviewFixture.ANN_TOKEN);
      assertEquals(
          401, f.get("/api/session", ann).statusCode(), "sessions do not outlive the server");
      HttpResponse<String> replay =
          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(a2, "B"), annAgain);
      assertEquals(
          ack.body(), replay.body(), "ann's answer to r2 survived: a retry gets the same ack");
      assertEquals("r3", f.next(annAgain).get("taskId").asText());
      ReviewFixture.Login bobAgain = f.login(ReviewFixture.BOB_TOKEN);
      JsonNode b2 = f.next(bobAgain);
      assertEquals("r2", b2.get("taskId").asText());
      f.post("/api/submissions", ReviewFixture.pairwiseAnswer(b2, "B"), bobAgain);
      assertEquals(Outcome.B, ((PairwiseComparison) f.server.answer("r2").orElseThrow()).outcome());
      assertEquals(2, f.store.size());
    } finally {
      f.close();
    }
  }

  @Test
  void aCompletionCutShortIsFinishedOnReopening() {
    ReviewFixture f = new ReviewFixture(dir, b -> b.minSubmitted(1));
    try {
      FeedbackRequest q = ReviewFixture.pair("c1", "Which?", "one", "two");
      f.server.enqueue(f.task(q));
      f.closeServerAndStore();
      // the answer is durable but the process died before the label reached the store and the queue
      String line =
          "{\"op\":\"submit\",\"receipt\":1,\"task\":\"c1\",\"reviewer\":\"ann\",\"at\":\"2026-03-02T09:00:00Z\","
              + "\"gold\":false,\"gold_correct\":false,\"answer\":{\"order\":[1,0],\"aiSuggestionShown\":false,"
              + "\"answer\":{\"outcome\":\"B\"}},\"label\":"
              + labelJson(q)
              + "}\n";
      Files.writeString(dir.resolve("feedback.jsonl.review-answers.jsonl"), line);
      f.open();
      assertEquals(0, f.server.pendingCount());
      assertEquals(Outcome.B, ((PairwiseComparison) f.store.find("c1").orElseThrow()).outcome());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      f.close();
    }
  }

  private static String labelJson(FeedbackRequest q) {
    PairwiseComparison c =
        new PairwiseComparison(
            q.prompt(),
            q.candidates().get(0),
            q.candidates().get(1),
            Outcome.B,
            null,
            null,
            Presentation.B_FIRST,
            Provenance.human("ann", Instant.parse("2026-03-02T09:00:00Z")));
    return FeedbackJson.line(FeedbackJson.toJson(c));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
