package dev.align4j.feedback.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackStoreTest {
  private static final Instant T = Instant.parse("2026-03-04T05:06:07.123Z");

  static PairwiseComparison pair(int i) {
    return new PairwiseComparison(Prompt.of(Message.system("be brief"), Message.user("q" + i)),
        new Completion("a" + i, new int[] {1, 2}, new double[] {-0.5, -0.25}), Completion.of("b\n\"" + i + "\""),
        Outcome.B, 0.25, 1.5, Presentation.BOTH_ORDERS,
        new Provenance(SourceKind.AI, "judge", "v3", "harmless", T, Map.of("order_consistent", "true")));
  }

  @Test
  void everyFeedbackShapeRoundTripsThroughJson() {
    Prompt p = Prompt.of("hi");
    List<Feedback> all = List.of(pair(1),
        new Ranking(p, List.of(Completion.of("x"), Completion.of("y"), Completion.of("z")), List.of(2, 0, 1),
            Provenance.human("h1", T)),
        new Rating(p, Completion.of("r"), 7.5, RatingScale.ONE_TO_TEN, Provenance.of(SourceKind.MODEL, "rm", T)),
        new BinaryLabel(p, Completion.of("b"), false, Provenance.of(SourceKind.RULE, "regex", T)));
    for (Feedback f : all) {
      Feedback back = FeedbackJson.fromJson(FeedbackJson.parse(FeedbackJson.line(FeedbackJson.toJson(f))));
      assertEquals(f, back);
    }
    FeedbackRequest r = FeedbackRequest.rating("id-1", p, Completion.of("c"), RatingScale.ONE_TO_TEN)
        .withMetadata("category", "medical").withReference("ref");
    assertEquals(r, FeedbackJson.requestFromJson(FeedbackJson.toJson(r)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeedbackJson.fromJson(FeedbackJson.parse("{\"type\":\"poll\"}")));
    assertTrue(e.getMessage().contains("prompt") || e.getMessage().contains("type"), e.getMessage());
  }

  @Property(trials = 100)
  void json_round_trip_of_random_pairwise_labels(Gen gen) {
    List<String> turns = gen.conversation(4, 12);
    List<Message> ms = new ArrayList<>();
    for (int i = 0; i < turns.size(); i++) {
      ms.add(i % 2 == 0 ? Message.user(turns.get(i)) : Message.assistant(turns.get(i)));
    }
    PairwiseComparison p = new PairwiseComparison(new Prompt(ms), Completion.of(gen.text(20)),
        Completion.of(gen.text(20)), gen.oneOf(Outcome.values()), gen.bool() ? gen.uniform(0, 1) : null,
        gen.bool() ? gen.uniform(0, 5) : null, gen.oneOf(Presentation.values()),
        Provenance.ai(gen.oneOf("judge-a", "judge-b"), gen.bool() ? "p1" : null, T)
            .withAttribute("note", gen.text(6)));
    assertEquals(p, FeedbackJson.fromJson(FeedbackJson.parse(FeedbackJson.line(FeedbackJson.toJson(p)))));
  }

  @Test
  void appendIsIdempotentByRequestIdAndSurvivesReopen(@TempDir Path dir) {
    Path f = dir.resolve("s/labels.jsonl");
    try (FeedbackStore s = FeedbackStore.open(f)) {
      assertTrue(s.append("r1", pair(1)));
      assertFalse(s.append("r1", pair(2)), "same id again is ignored");
      assertTrue(s.append("r2", pair(2)));
      assertEquals(1, s.appendAll(List.of(Map.entry("r2", pair(2)), Map.entry("r3", pair(3)),
          Map.entry("r3", pair(4)))));
      assertEquals(3, s.size());
      IllegalStateException twice = assertThrows(IllegalStateException.class, () -> FeedbackStore.open(f));
      assertTrue(twice.getMessage().contains("locked"), twice.getMessage());
    }
    try (FeedbackStore s = FeedbackStore.open(f)) {
      assertEquals(3, s.size());
      assertFalse(s.append("r1", pair(9)));
      List<StoredFeedback> all = s.readAll();
      assertEquals(List.of("r1", "r2", "r3"), all.stream().map(StoredFeedback::requestId).toList());
      assertEquals(pair(1), all.get(0).feedback());
      assertEquals(pair(3), s.find("r3").orElseThrow());
      assertFalse(s.recovery().quarantined());
      assertEquals(3, s.recovery().completeLines());
    }
  }

  @Test
  void concurrentWritersNeverInterleaveOrDuplicate(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.jsonl");
    int threads = 8;
    int each = 300;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (FeedbackStore s = FeedbackStore.open(f, FsyncPolicy.GROUP_COMMIT, Clock.systemUTC())) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int tt = t;
        fs.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < each; i++) {
            // every id is written by two threads: exactly one must win
            s.append("id-" + ((tt / 2) * each + i), pair(i));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> x : fs) {
        x.get(60, TimeUnit.SECONDS);
      }
      assertEquals(threads / 2 * each, s.size());
    } finally {
      pool.shutdownNow();
    }
    List<String> lines = Files.readAllLines(f);
    assertEquals(threads / 2 * each, lines.size());
    Set<String> ids = new HashSet<>();
    for (String l : lines) {
      assertTrue(ids.add(FeedbackJson.parse(l).get("id").asText()), "duplicate line for an id");
    }
  }

  @Test
  void tornLastLineIsQuarantinedAndCompleteRecordsAreKept(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.jsonl");
    try (FeedbackStore s = FeedbackStore.open(f, FsyncPolicy.EVERY_RECORD, Clock.systemUTC())) {
      for (int i = 0; i < 5; i++) {
        s.append("r" + i, pair(i));
      }
    }
    String torn = "{\"id\":\"r5\",\"stored_at\":\"2026-03-04T05:06:07Z\",\"feedback\":{\"type\":\"pairw";
    Files.writeString(f, torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (FeedbackStore s = FeedbackStore.open(f)) {
      RecoveryReport rep = s.recovery();
      assertTrue(rep.quarantined());
      assertEquals(torn.length(), rep.quarantinedBytes());
      assertNotNull(rep.quarantineFile());
      assertEquals(torn, Files.readString(rep.quarantineFile()));
      assertEquals(5, s.size());
      assertTrue(s.append("r5", pair(5)), "the torn record was never acknowledged, so it can be written again");
    }
    try (FeedbackStore s = FeedbackStore.open(f)) {
      assertEquals(6, s.readAll().size());
      assertFalse(s.recovery().quarantined());
    }
  }

  private static List<String> runChildAndKill(Path file, String policy, boolean torn, int acksBeforeKill)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        StoreCrashChild.class.getName(), file.toString(), policy));
    if (torn) {
      cmd.add("torn");
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> acked = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((line = r.readLine()) != null && System.nanoTime() < deadline) {
        if (line.startsWith("ACK ")) {
          acked.add(line.substring(4));
        }
        if ((torn && line.equals("TORN")) || (!torn && acked.size() >= acksBeforeKill)) {
          break;
        }
      }
      // SIGKILL in the middle of appends; through the ProcessHandle so that our end of the pipe stays open
      p.toHandle().destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
      // acknowledgements already in the pipe when the child died count too
      while ((line = r.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked.add(line.substring(4));
        }
      }
    } finally {
      p.destroyForcibly();
    }
    assertFalse(p.isAlive());
    return acked;
  }

  @Test
  void sigkilledWriterLosesNoAcknowledgedRecord(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("crash.jsonl");
    List<String> acked = runChildAndKill(f, "GROUP_COMMIT", false, 300);
    assertTrue(acked.size() >= 300);
    try (FeedbackStore s = FeedbackStore.open(f)) {
      Set<String> stored = s.readAll().stream().map(StoredFeedback::requestId).collect(Collectors.toSet());
      for (String id : acked) {
        assertTrue(stored.contains(id), "acknowledged record " + id + " lost");
      }
      assertEquals(stored.size(), s.size());
      assertEquals(0, s.recovery().unreadableLines());
    }
  }

  @Test
  void sigkilledWriterWithATornTailIsRepairedOnReopen(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("torn.jsonl");
    List<String> acked = runChildAndKill(f, "EVERY_RECORD", true, 0);
    assertEquals(51, acked.size());
    try (FeedbackStore s = FeedbackStore.open(f)) {
      assertTrue(s.recovery().quarantined(), "the torn tail must be quarantined");
      assertTrue(Files.readString(s.recovery().quarantineFile()).startsWith("{\"id\":\"rec-torn\""));
      Set<String> stored = s.readAll().stream().map(StoredFeedback::requestId).collect(Collectors.toSet());
      assertTrue(stored.containsAll(acked));
      assertFalse(stored.contains("rec-torn"));
      assertTrue(s.append("after-crash", pair(0)));
    }
    try (FeedbackStore s = FeedbackStore.open(f)) {
      assertEquals(s.size(), s.readAll().size());
      assertTrue(s.contains("after-crash"));
    }
  }
}
