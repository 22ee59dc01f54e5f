package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task assignment skips items already claimed (shown, unanswered) by enough other reviewers. */
class TaskClaimsTest {
  @TempDir Path dir;

  private static void twoTasks(ReviewFixture f) {
    f.server.enqueue(f.task(ReviewFixture.pair("t1", "Q1", "a", "b")));
    f.server.enqueue(f.task(ReviewFixture.pair("t2", "Q2", "a", "b")));
  }

  @Test
  void withOneAnswerPerItemTwoReviewersAtOnceGetDifferentItems() {
    try (ReviewFixture f = new ReviewFixture(dir)) {
      twoTasks(f);
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      ReviewFixture.Login bob = f.login(ReviewFixture.BOB_TOKEN);
      assertEquals("t1", f.next(ann).get("taskId").asText());
      assertEquals("t2", f.next(bob).get("taskId").asText(), "t1 is claimed by ann");
      // asking again keeps one's own task (no second claim)
      assertEquals("t1", f.next(ann).get("taskId").asText());
    }
  }

  @Test
  void withTwoAnswersPerItemBothGetTheOldestAndAllClaimedFallsBackToTheOldestOpen() {
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.minSubmitted(2))) {
      twoTasks(f);
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      ReviewFixture.Login bob = f.login(ReviewFixture.BOB_TOKEN);
      assertEquals("t1", f.next(ann).get("taskId").asText());
      assertEquals("t1", f.next(bob).get("taskId").asText(), "t1 needs two answers");
    }
    try (ReviewFixture f = new ReviewFixture(dir.resolve("one"), b -> {})) {
      f.server.enqueue(f.task(ReviewFixture.pair("only", "Q", "a", "b")));
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      ReviewFixture.Login bob = f.login(ReviewFixture.BOB_TOKEN);
      assertEquals("only", f.next(ann).get("taskId").asText());
      assertEquals(
          "only",
          f.next(bob).get("taskId").asText(),
          "claimed, but still open: bob is not left idle");
      assertEquals(
          200,
          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(f.next(ann), "A"), ann)
              .statusCode());
      assertEquals(204, f.get("/api/tasks/next", bob).statusCode(), "completed by ann");
    }
  }
}
