package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit of the answers journal: concurrent answers share syncs, each acknowledgement comes only after a sync that
 * covered its line, and a failed sync refuses the answer and leaves nothing behind.
 */
class AnswersGroupCommitTest {
  private static final int REVIEWERS = 12;

  @TempDir Path dir;

  private static String token(int i) {
    return "group-commit-" + i + "-token-0123456789";
  }

  private Path answersFile() {
    return dir.resolve("feedback.jsonl.review-answers.jsonl");
  }

  /** The receipts whose lines are in the answers file now. */
  private Set<Long> receiptsOnFile() throws IOException {
    Set<Long> out = ConcurrentHashMap.newKeySet();
    for (String l : Files.readAllLines(answersFile())) {
      out.add(ReviewFixture.JSON.readTree(l).get("receipt").asLong());
    }
    return out;
  }

  @Test
  void concurrentAnswersShareSyncsAndEachAckFollowsTheSyncCoveringIt() throws Exception {
    AtomicInteger syncs = new AtomicInteger();
    Set<Long> synced = ConcurrentHashMap.newKeySet();
    AtomicInteger widest = new AtomicInteger(); // the most answers one sync made durable
    try (ReviewFixture f =
        new ReviewFixture(
            dir,
            b -> {
              for (int i = 0; i < REVIEWERS; i++) {
                b.reviewer(Reviewer.of("r" + i, ReviewerRole.REVIEWER, token(i)));
              }
              b.minSubmitted(REVIEWERS); // no item completes: only answer syncs happen
              b.journalSync =
                  channel -> {
                    syncs.incrementAndGet();
                    try {
                      Thread.sleep(
                          40); // a slow disk: answers arriving meanwhile wait for the next sync
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      throw new IOException(e);
                    }
                    channel.force(false);
                    int before = synced.size();
                    // every line on file when the force ended is durable
                    synced.addAll(receiptsOnFile());
                    widest.accumulateAndGet(synced.size() - before, Math::max);
                  };
            })) {
      f.server.enqueue(f.task(ReviewFixture.pair("one", "Q", "a", "b")));
      List<ReviewFixture.Login> who = new ArrayList<>();
      List<JsonNode> tasks = new ArrayList<>();
      for (int i = 0; i < REVIEWERS; i++) {
        who.add(f.login(token(i)));
        tasks.add(f.next(who.get(i)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(REVIEWERS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> acks = new ArrayList<>();
      try {
        for (int i = 0; i < REVIEWERS; i++) {
          int me = i;
          acks.add(
              pool.submit(
                  () -> {
                    go.await();
                    HttpResponse<String> r =
                        f.post(
                            "/api/submissions",
                            ReviewFixture.pairwiseAnswer(tasks.get(me), "A"),
                            who.get(me));
                    assertEquals(200, r.statusCode(), r.body());
                    long receipt = ReviewFixture.json(r).get("receipt").asLong();
                    assertTrue(
                        synced.contains(receipt),
                        "receipt " + receipt + " acknowledged before its sync");
                    return receipt;
                  }));
        }
        go.countDown();
        Set<Long> receipts = ConcurrentHashMap.newKeySet();
        for (Future<Long> a : acks) {
          receipts.add(a.get(30, TimeUnit.SECONDS));
        }
        assertEquals(REVIEWERS, receipts.size());
      } finally {
        pool.shutdownNow();
      }
      // one sync per answer would be 12; with group commit the answers written during a sync share
      // the next one (the fixture's server runs 4 handler threads, so one sync covers up to 4)
      assertTrue(syncs.get() < REVIEWERS, "syncs: " + syncs.get() + " for " + REVIEWERS);
      assertTrue(widest.get() >= 2, "one sync covered at most " + widest.get() + " answers");
      assertEquals(REVIEWERS, receiptsOnFile().size());
    }
  }

  @Test
  void aFailedSyncRefusesTheAnswerAndChangesNothing() throws Exception {
    AtomicInteger failNext = new AtomicInteger(1);
    try (ReviewFixture f =
        new ReviewFixture(
            dir,
            b ->
                b.journalSync =
                    channel -> {
                      if (failNext.getAndDecrement() > 0) {
                        throw new IOException("disk full (test)");
                      }
                      channel.force(false);
                    })) {
      f.server.enqueue(f.task(ReviewFixture.pair("t1", "Q", "a", "b")));
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      JsonNode task = f.next(ann);
      String body = ReviewFixture.pairwiseAnswer(task, "A");
      HttpResponse<String> refused = f.post("/api/submissions", body, ann);
      assertEquals(500, refused.statusCode(), refused.body());
      assertFalse(
          Files.exists(answersFile()) && Files.size(answersFile()) > 0, "no line stays behind");
      assertEquals(0, f.store.size());
      assertEquals("t1", f.next(ann).get("taskId").asText(), "the task is still open for ann");
      HttpResponse<String> undo = f.post("/api/undo", "{}", ann);
      assertEquals(409, undo.statusCode(), "there is no answer to undo: " + undo.body());
      HttpResponse<String> retry = f.post("/api/submissions", body, ann);
      assertEquals(200, retry.statusCode(), retry.body());
      assertEquals(1, receiptsOnFile().size());
      assertEquals(1, f.store.size(), "minSubmitted 1: the retried answer completed the item");
    }
  }
}
