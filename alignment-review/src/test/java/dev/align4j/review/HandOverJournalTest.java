package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.label.Outcome;
import dev.align4j.feedback.store.RecoveryReport;
import dev.align4j.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-over series on disk: it survives a restart of the server, a torn last line is quarantined as in the
 * module's other journals, and the file is forced when a bucket closes (what a machine crash can lose).
 */
class HandOverJournalTest {
  @TempDir Path dir;

  /**
   * Item {@code k} (from 1): {@code k % 3 == 0} AI only; {@code 1} an audit whose human agrees when {@code k} is
   * even; {@code 2} uncalibrated, both labels B (agree).
   */
  private static void script(HandOverScript s, int from, int to) {
    for (int k = from; k <= to; k++) {
      String id = "h" + k;
      switch (k % 3) {
        case 0 -> {
          s.ai(id, Outcome.A);
          s.completed(id, "AI_ONLY");
        }
        case 1 -> {
          s.ai(id, Outcome.A);
          s.routed(id, "AUDIT");
          s.human(id, k % 2 == 0 ? Outcome.A : Outcome.B);
          s.completed(id, "BOTH");
        }
        default -> {
          s.ai(id, Outcome.B);
          s.routed(id, "UNCALIBRATED");
          s.human(id, Outcome.B);
          s.completed(id, "HUMAN");
        }
      }
    }
  }

  private static int[] counts(JsonNode b) {
    return new int[] {
      b.get("items").asInt(),
      b.get("aiOnly").asInt(),
      b.get("audits").asInt(),
      b.get("compared").asInt(),
      b.get("agreed").asInt()
    };
  }

  @Test
  void theServersSeriesSurvivesARestartOnTheSameDirectory() {
    JsonNode before;
    try (ReviewFixture f = new ReviewFixture(dir)) {
      HandOverScript s = new HandOverScript(f.server.handOver(), f.clock);
      script(s, 1, 45);
      // in flight at the restart: its AI label and routing are in memory only
      s.ai("late", Outcome.A);
      s.routed("late", "AUDIT");
      before = ReviewFixture.json(f.get("/api/lead/handover", f.login(ReviewFixture.LEA_TOKEN)));
    }
    assertTrue(Files.exists(dir.resolve("feedback.jsonl.review-handover.jsonl")));
    JsonNode bs = before.get("buckets");
    assertEquals(3, bs.size(), before.toString());
    // {items, aiOnly, audits, compared, agreed} counted by hand from the script's rule: items 1-20
    // have 6 AI-only
    // (3, 6, ..., 18), 7 audits (1, 4, ..., 19) of which 3 agree (4, 10, 16) and 7 uncalibrated
    // (all agree)
    assertArrayEquals(new int[] {20, 6, 7, 14, 10}, counts(bs.get(0)));
    // 21-40: AI-only 21..39 (7), audits 22..40 (7; agree 22, 28, 34, 40), uncalibrated 23..38 (6)
    assertArrayEquals(new int[] {20, 7, 7, 13, 10}, counts(bs.get(1)));
    // 41-45: AI-only 42, 45; audit 43 (odd: disagrees); uncalibrated 41, 44
    assertArrayEquals(new int[] {5, 2, 1, 3, 2}, counts(bs.get(2)));
    assertEquals("2026-03-02T09:01:00Z", bs.get(0).get("from").asText());
    assertEquals("2026-03-02T09:45:00Z", bs.get(2).get("to").asText());

    try (ReviewFixture f = new ReviewFixture(dir)) {
      JsonNode after =
          ReviewFixture.json(f.get("/api/lead/handover", f.login(ReviewFixture.LEA_TOKEN)));
      assertEquals(before, after, "the same series after the restart");
      // the in-flight item completes after the restart: counted, but its audit was not journalled
      HandOverScript s = new HandOverScript(f.server.handOver(), f.clock);
      s.human("late", Outcome.A);
      s.completed("late", "BOTH");
      JsonNode later =
          ReviewFixture.json(f.get("/api/lead/handover", f.login(ReviewFixture.LEA_TOKEN)));
      assertArrayEquals(new int[] {6, 2, 1, 3, 2}, counts(later.get("buckets").get(2)));
    }
  }

  @Test
  void aTornLastLineIsQuarantinedAndEveryCompleteItemKept() throws IOException {
    Path file = dir.resolve("handover.jsonl");
    ManualClock clock = new ManualClock(HandOverScript.T0);
    HandOverHistory.Snapshot before;
    try (HandOverHistory h =
        HandOverHistory.builder().clock(clock).bucketSize(4).journal(file).build()) {
      script(new HandOverScript(h, clock), 1, 10);
      before = h.snapshot();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(10, lines.size(), "one line per completed item");
    byte[] torn = "{\"op\":\"item\",\"at\":\"2026-03-02T10:1".getBytes(StandardCharsets.UTF_8);
    Files.write(file, torn, StandardOpenOption.APPEND);

    try (HandOverHistory h =
        HandOverHistory.builder().clock(clock).bucketSize(4).journal(file).build()) {
      assertEquals(before, h.snapshot(), "every complete item kept, the torn one dropped");
      RecoveryReport r = h.recovery();
      assertEquals(10, r.completeLines());
      assertEquals(0, r.unreadableLines());
      assertEquals(torn.length, r.quarantinedBytes());
      assertNotNull(r.quarantineFile());
      assertArrayEquals(
          torn, Files.readAllBytes(r.quarantineFile()), "the torn bytes are kept aside");
      script(new HandOverScript(h, clock), 11, 12); // the journal goes on after the repair
    }
    try (HandOverHistory h =
        HandOverHistory.builder().clock(clock).bucketSize(4).journal(file).build()) {
      assertEquals(
          12, h.snapshot().buckets().stream().mapToInt(HandOverHistory.Bucket::items).sum());
      assertFalse(h.recovery().quarantined());
      assertEquals(3, h.snapshot().buckets().size());
      assertTrue(h.snapshot().buckets().get(2).complete());
    }
  }

  @Test
  void anUnreadableCompleteLineIsSkippedAndCountedAndABucketSizeChangeRegroupsTheItems()
      throws IOException {
    Path file = dir.resolve("handover.jsonl");
    ManualClock clock = new ManualClock(HandOverScript.T0);
    try (HandOverHistory h =
        HandOverHistory.builder().clock(clock).bucketSize(4).journal(file).build()) {
      script(new HandOverScript(h, clock), 1, 6);
    }
    Files.writeString(file, "{\"op\":\"item\",\"at\":\"not a time\"}\n", StandardOpenOption.APPEND);
    try (HandOverHistory h =
        HandOverHistory.builder().clock(clock).bucketSize(3).journal(file).build()) {
      assertEquals(1, h.recovery().unreadableLines());
      assertEquals(7, h.recovery().completeLines());
      List<HandOverHistory.Bucket> bs = h.snapshot().buckets();
      assertEquals(2, bs.size());
      // items 1-3: audit (disagrees), uncalibrated, AI only; 4-6: audit (agrees), uncalibrated, AI
      // only
      assertEquals(
          new HandOverHistory.Bucket(bs.get(0).from(), bs.get(0).to(), 3, 1, 1, 2, 1, true),
          bs.get(0));
      assertEquals(
          new HandOverHistory.Bucket(bs.get(1).from(), bs.get(1).to(), 3, 1, 1, 2, 2, true),
          bs.get(1));
    }
  }

  @Test
  void forgottenItemsAreJournalledToo() {
    Path file = dir.resolve("handover.jsonl");
    ManualClock clock = new ManualClock(HandOverScript.T0);
    try (HandOverHistory h =
        HandOverHistory.builder().clock(clock).maxOpenItems(2).journal(file).build()) {
      HandOverScript s = new HandOverScript(h, clock);
      s.ai("a", Outcome.A);
      s.ai("b", Outcome.A);
      s.ai("c", Outcome.A); // "a" forgotten
      assertEquals(1, h.snapshot().forgottenItems());
    }
    try (HandOverHistory h =
        HandOverHistory.builder().clock(clock).maxOpenItems(2).journal(file).build()) {
      assertEquals(1, h.snapshot().forgottenItems());
    }
  }

  @Test
  void theJournalIsForcedWhenABucketClosesAndOnClose() {
    Path file = dir.resolve("handover.jsonl");
    ManualClock clock = new ManualClock(HandOverScript.T0);
    AtomicInteger syncs = new AtomicInteger();
    HandOverHistory.Builder b = HandOverHistory.builder().clock(clock).bucketSize(3).journal(file);
    b.journalSync =
        ch -> {
          syncs.incrementAndGet();
          ch.force(false);
        };
    HandOverHistory h = b.build();
    HandOverScript s = new HandOverScript(h, clock);
    script(s, 1, 2);
    assertEquals(0, syncs.get(), "items inside an unfinished bucket are written, not forced");
    script(s, 3, 3);
    assertEquals(1, syncs.get(), "the item closing a bucket returns after the force");
    script(s, 4, 7);
    assertEquals(2, syncs.get());
    h.close();
    assertEquals(3, syncs.get(), "close forces the unfinished bucket");
    h.close();
    assertEquals(3, syncs.get(), "idempotent");
    assertThrows(IllegalStateException.class, () -> s.ai("x", Outcome.A));
  }

  @Test
  void aFailedForceIsLoudAndTakesBackTheLinesItCovered() throws IOException {
    Path file = dir.resolve("handover.jsonl");
    ManualClock clock = new ManualClock(HandOverScript.T0);
    HandOverHistory.Builder b = HandOverHistory.builder().clock(clock).bucketSize(2).journal(file);
    b.journalSync =
        ch -> {
          throw new IOException("disk error (test)");
        };
    try (HandOverHistory h = b.build()) {
      HandOverScript s = new HandOverScript(h, clock);
      script(s, 1, 1);
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> script(s, 2, 2));
      assertTrue(e.getMessage().contains("hand-over journal"), e.getMessage());
      assertEquals("disk error (test)", e.getCause().getMessage());
      // as documented: counted in memory, gone from the file (a restart shows the durable part)
      assertEquals(2, h.snapshot().buckets().get(0).items());
    }
    assertEquals(0, Files.size(file), "the lines the failed force covered are taken back");
  }
}
