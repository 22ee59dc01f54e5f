package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.feedback.route.FileReviewQueue;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Eight threads, each a reviewer, submitting over real sockets: nothing lost, nothing counted twice. */
class ConcurrentSubmissionTest {
  private static final int THREADS = 8;

  @TempDir Path dir;

  private static String token(int i) {
    return "reviewer-" + i + "-token-0123456789";
  }

  private static ReviewFixture fixture(Path dir, int minSubmitted) {
    return new ReviewFixture(
        dir,
        b -> {
          b.minSubmitted(minSubmitted);
          for (int i = 0; i < THREADS; i++) {
            b.reviewer(Reviewer.of("r" + i, ReviewerRole.REVIEWER, token(i)));
          }
        });
  }

  @Test
  void identicalItemsAnsweredByAllEightAtOnceCompleteOnceWithEightVotes() throws Exception {
    int items = 5;
    try (ReviewFixture f = fixture(dir, THREADS)) {
      for (int i = 0; i < items; i++) {
        f.server.enqueue(f.task(ReviewFixture.pair("same-" + i, "Q" + i, "a" + i, "b" + i)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<String>>> acks = new ArrayList<>();
      try {
        for (int t = 0; t < THREADS; t++) {
          int me = t;
          acks.add(
              pool.submit(
                  () -> {
                    ReviewFixture.Login who = f.login(token(me));
                    go.await();
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < items; i++) {
                      String body =
                          "{\"taskId\":\"same-"
                              + i
                              + "\",\"order\":[0,1],\"answer\":{\"outcome\":\""
                              + (me % 2 == 0 ? "A" : "B")
                              + "\"}}";
                      HttpResponse<String> first = f.post("/api/submissions", body, who);
                      HttpResponse<String> again =
                          f.post("/api/submissions", body, who); // a retry: same ack
                      assertEquals(200, first.statusCode(), first.body());
                      assertEquals(first.body(), again.body());
                      mine.add(ReviewFixture.json(first).get("receipt").asText());
                    }
                    return mine;
                  }));
        }
        go.countDown();
        Set<String> receipts = new HashSet<>();
        for (Future<List<String>> a : acks) {
          receipts.addAll(a.get(60, TimeUnit.SECONDS));
        }
        assertEquals(THREADS * items, receipts.size(), "one distinct receipt per (reviewer, item)");
      } finally {
        pool.shutdownNow();
      }
      assertEquals(items, f.store.size());
      assertEquals(0, f.server.pendingCount());
      for (int i = 0; i < items; i++) {
        PairwiseComparison c = (PairwiseComparison) f.store.find("same-" + i).orElseThrow();
        assertEquals("8", c.provenance().attributes().get("votes"));
        assertEquals(0.5, c.probabilityA(), 1e-12, "four A and four B");
      }
      long submits =
          Files.readAllLines(dir.resolve("feedback.jsonl.review-answers.jsonl")).stream()
              .filter(l -> l.contains("\"op\":\"submit\""))
              .count();
      assertEquals(THREADS * items, submits, "every answer journalled exactly once");
    }
  }

  @Test
  void distinctItemsTakenByEightReviewersAreEachAnsweredExactlyOnce() throws Exception {
    int items = 64;
    try (ReviewFixture f = fixture(dir, 1)) {
      for (int i = 0; i < items; i++) {
        f.server.enqueue(
            f.task(ReviewFixture.pair(String.format("d%03d", i), "Q" + i, "a" + i, "b" + i)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      ConcurrentHashMap<String, String> answeredBy = new ConcurrentHashMap<>();
      List<Future<Integer>> done = new ArrayList<>();
      try {
        for (int t = 0; t < THREADS; t++) {
          int me = t;
          done.add(
              pool.submit(
                  () -> {
                    ReviewFixture.Login who = f.login(token(me));
                    int accepted = 0;
                    while (true) {
                      HttpResponse<String> n = f.get("/api/tasks/next", who);
                      if (n.statusCode() == 204) {
                        return accepted;
                      }
                      JsonNode task = ReviewFixture.json(n);
                      HttpResponse<String> r =
                          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(task, "A"), who);
                      if (r.statusCode() == 200) {
                        accepted++;
                        String prev = answeredBy.putIfAbsent(task.get("taskId").asText(), "r" + me);
                        assertEquals(
                            null, prev, "item " + task.get("taskId") + " acknowledged twice");
                      } else {
                        assertEquals(
                            409, r.statusCode(), r.body()); // another reviewer completed it first
                      }
                    }
                  }));
        }
        int total = 0;
        for (Future<Integer> d : done) {
          total += d.get(120, TimeUnit.SECONDS);
        }
        assertEquals(items, total, "every item acknowledged once");
      } finally {
        pool.shutdownNow();
      }
      assertEquals(items, answeredBy.size());
      assertEquals(items, f.store.size());
      assertEquals(items, f.server.completedCount());
      for (String id : answeredBy.keySet()) {
        assertTrue(
            f.store.find(id).orElseThrow().provenance().sourceId().equals(answeredBy.get(id)),
            "the stored label is the acknowledged reviewer's");
      }
      // the task journal (group-committed) has every acknowledged completion after a restart
      f.closeServerAndStore();
      try (FileReviewQueue q =
          FileReviewQueue.open(dir.resolve("feedback.jsonl.review-queue.jsonl"), f.clock)) {
        assertEquals(0, q.pendingCount());
        for (String id : answeredBy.keySet()) {
          assertTrue(q.answer(id).isPresent(), id + " answered in the task journal");
        }
      }
      f.open();
    }
  }
}
