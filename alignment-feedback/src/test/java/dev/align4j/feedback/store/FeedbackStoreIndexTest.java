package dev.align4j.feedback.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The id-to-offset index: lookups agree with a plain map under every kind of change, and read one line only. */
class FeedbackStoreIndexTest {
  private static final Instant T = Instant.parse("2026-03-04T05:06:07Z");

  @TempDir Path dir;

  /** Ids with one- to four-byte UTF-8 characters: offsets are in bytes, not chars. */
  private static final String[] ID_STEMS = {"r", "é", "日本", "\uD83D\uDE00", "id with space"};

  private static String id(Gen gen) {
    return ID_STEMS[gen.intIn(0, ID_STEMS.length - 1)] + "-" + gen.intIn(0, 39);
  }

  /** Labels of very different lengths (some longer than the 64 KiB read chunk), with non-ASCII text. */
  private static Feedback label(Gen gen) {
    int size = gen.oneOf(0, 10, 300, 9_000, 70_000);
    String text = "ü日本 " + gen.text(8) + " " + "x".repeat(size);
    return new PairwiseComparison(Prompt.of("q " + gen.text(5)), Completion.of(text), Completion.of(gen.text(6)),
        gen.oneOf(Outcome.values()), gen.bool() ? gen.uniform(0, 1) : null, null, Presentation.BOTH_ORDERS,
        Provenance.ai("judge", null, T));
  }

  private static void assertAgrees(FeedbackStore s, Map<String, Feedback> model, Gen gen) {
    assertEquals(model.size(), s.size());
    for (int k = 0; k < 10; k++) {
      String id = id(gen);
      assertEquals(model.containsKey(id), s.contains(id), id);
      assertEquals(Optional.ofNullable(model.get(id)), s.find(id), id);
    }
  }

  @Property(trials = 20)
  void lookups_agree_with_a_map_across_appends_batches_reopens_and_repairs(Gen gen) throws Exception {
    Path f = dir.resolve("labels-" + gen.seed() + ".jsonl");
    Map<String, Feedback> model = new LinkedHashMap<>();
    int junkLines = 0;
    FeedbackStore s = FeedbackStore.open(f, FsyncPolicy.NONE, Clock.systemUTC());
    try {
      int steps = gen.intIn(10, 30);
      for (int step = 0; step < steps; step++) {
        int op = gen.intIn(0, 9);
        if (op < 5) {
          String id = id(gen);
          Feedback fb = label(gen);
          assertEquals(!model.containsKey(id), s.append(id, fb), id);
          model.putIfAbsent(id, fb);
        } else if (op < 8) {
          List<Map.Entry<String, Feedback>> batch = new ArrayList<>();
          int expected = 0;
          Map<String, Feedback> after = new LinkedHashMap<>(model);
          for (int k = gen.intIn(1, 8); k > 0; k--) {
            Map.Entry<String, Feedback> e = Map.entry(id(gen), label(gen));
            batch.add(e);
            if (after.putIfAbsent(e.getKey(), e.getValue()) == null) {
              expected++;
            }
          }
          assertEquals(expected, s.appendAll(batch));
          model.clear();
          model.putAll(after);
        } else {
          // reopen, sometimes after a crash left a torn line or someone left a complete line that is no record
          s.close();
          boolean torn = gen.bool();
          boolean junk = gen.bool();
          if (junk) {
            junkLines++;
            Files.writeString(f, gen.oneOf("not json\n", "{\"id\":\"r-1\"}\n", "{\"id\":7,\"stored_at\":\"x\"}\n"),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
          }
          if (torn) {
            Files.writeString(f, "{\"id\":\"r-2\",\"stored_at\":\"2026-", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
          }
          s = FeedbackStore.open(f, gen.oneOf(FsyncPolicy.values()), Clock.systemUTC());
          assertEquals(torn, s.recovery().quarantined());
          assertEquals(junkLines, s.recovery().unreadableLines(), "unreadable lines are kept in place and skipped");
        }
        assertAgrees(s, model, gen);
      }
      for (Map.Entry<String, Feedback> e : model.entrySet()) {
        assertEquals(e.getValue(), s.find(e.getKey()).orElseThrow(), e.getKey());
      }
      List<StoredFeedback> all = s.readAll();
      assertEquals(List.copyOf(model.keySet()), all.stream().map(StoredFeedback::requestId).toList());
      assertEquals(List.copyOf(model.values()), all.stream().map(StoredFeedback::feedback).toList());
    } finally {
      s.close();
    }
  }

  @Test
  void aLookupReadsOneLineNotTheWholeFile() {
    Path f = dir.resolve("labels.jsonl");
    int n = 3_000;
    try (FeedbackStore s = FeedbackStore.open(f, FsyncPolicy.NONE, Clock.systemUTC())) {
      for (int b = 0; b < n; b += 500) {
        List<Map.Entry<String, Feedback>> batch = new ArrayList<>();
        for (int i = b; i < b + 500; i++) {
          batch.add(Map.entry("r" + i, FeedbackStoreTest.pair(i)));
        }
        s.appendAll(batch);
      }
      SplittableRandom rnd = new SplittableRandom(7);
      long scan = Long.MAX_VALUE;
      long lookups = Long.MAX_VALUE;
      for (int rep = 0; rep < 3; rep++) {
        long t0 = System.nanoTime();
        assertEquals(n, s.readAll().size());
        scan = Math.min(scan, System.nanoTime() - t0);
        t0 = System.nanoTime();
        for (int k = 0; k < 300; k++) {
          int i = rnd.nextInt(n);
          assertEquals(FeedbackStoreTest.pair(i), s.find("r" + i).orElseThrow());
        }
        lookups = Math.min(lookups, System.nanoTime() - t0);
      }
      // a lookup that decodes the whole file makes 300 lookups cost about 300 scans
      assertTrue(lookups < 10 * scan, "300 lookups took " + lookups / 1e6 + " ms, one scan of the file "
          + scan / 1e6 + " ms");
    }
  }

  @Test
  void aLookupRefusesALineThatIsNotTheIndexedRecord() throws Exception {
    Path f = dir.resolve("labels.jsonl");
    try (FeedbackStore s = FeedbackStore.open(f)) {
      s.append("r1", FeedbackStoreTest.pair(1));
      s.append("r2", FeedbackStoreTest.pair(2));
      // rewrite the first record's id behind the store's back (same length, so the offsets do not move)
      byte[] bytes = Files.readAllBytes(f);
      String text = new String(bytes, StandardCharsets.UTF_8).replaceFirst("\"id\":\"r1\"", "\"id\":\"r9\"");
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
      }
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.find("r1"));
      assertTrue(e.getMessage().contains("r1") && e.getMessage().contains("r9")
          && e.getMessage().contains("behind the store's back"), e.getMessage());
      assertEquals(FeedbackStoreTest.pair(2), s.find("r2").orElseThrow());
      assertFalse(s.find("r9").isPresent(), "the index, not the file, says which ids are stored");
    }
  }
}
