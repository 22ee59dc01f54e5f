package dev.align4j.spark.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryResultStoreTest {
  @TempDir Path dir;

  private static PairwiseComparison label(String prompt, String a, String b) {
    return ScriptedJudge.verdict(
        FeedbackRequest.pairwise(
            PairJudgeJob.requestId(prompt, a, b),
            Prompt.of(prompt),
            Completion.of(a),
            Completion.of(b)));
  }

  @Test
  void a_stored_label_reads_back_equal_and_the_first_label_of_an_id_wins() {
    DirectoryResultStore store = DirectoryResultStore.in(dir);
    String id = PairJudgeJob.requestId("p", "x", "y");
    assertTrue(store.find(id).isEmpty());
    PairwiseComparison first = label("p", "x", "y");
    assertSame(first, store.putIfAbsent(id, first));
    assertEquals(first, store.find(id).orElseThrow());
    PairwiseComparison other = label("p", "x", "yy");
    assertEquals(first, store.putIfAbsent(id, other), "the label stored first is kept");
    assertEquals(
        first, DirectoryResultStore.in(dir).find(id).orElseThrow(), "another instance sees it");
  }

  @Test
  void concurrent_writers_of_one_id_all_get_the_one_stored_label() throws Exception {
    DirectoryResultStore store = DirectoryResultStore.in(dir);
    String id = PairJudgeJob.requestId("q", "x", "y");
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Feedback>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        PairwiseComparison mine = label("q", "x", "y" + "!".repeat(w));
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.putIfAbsent(id, mine);
                }));
      }
      go.countDown();
      Set<Feedback> answers = new HashSet<>();
      for (Future<Feedback> f : results) {
        answers.add(f.get());
      }
      assertEquals(1, answers.size(), "one answer for every writer: " + answers);
      assertEquals(answers.iterator().next(), store.find(id).orElseThrow());
      try (Stream<Path> files = Files.walk(dir)) {
        assertEquals(
            1, files.filter(Files::isRegularFile).count(), "no temporary file is left behind");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_damaged_file_fails_loudly_naming_it() throws IOException {
    DirectoryResultStore store = DirectoryResultStore.in(dir);
    String id = PairJudgeJob.requestId("r", "x", "y");
    store.putIfAbsent(id, label("r", "x", "y"));
    Path file = dir.resolve(id.substring(0, 2)).resolve(id + ".json");
    Files.writeString(file, "{\"type\":\"pairw");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.find(id));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void ids_that_are_not_safe_file_names_are_refused() {
    DirectoryResultStore store = DirectoryResultStore.in(dir);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.find("../etc/passwd"));
    assertTrue(
        e.getMessage().contains("requestId") && e.getMessage().contains("../etc/passwd"),
        e.getMessage());
  }

  @Test
  void the_store_is_serialisable_for_the_executors() throws IOException {
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(DirectoryResultStore.in(dir));
    }
  }
}
