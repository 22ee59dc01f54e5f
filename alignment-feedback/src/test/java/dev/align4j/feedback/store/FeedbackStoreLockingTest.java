package dev.align4j.feedback.store;

import static dev.align4j.feedback.store.FeedbackStoreTest.pair;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process at a time, literally: the lock is taken before anything is read or repaired, a refused open leaves the
 * file byte-for-byte unchanged, and reads, refused opens and interrupts do not drop the lock. "Another process" is a
 * second JVM ({@link StoreOpenChild}).
 */
class FeedbackStoreLockingTest {
  private static final Instant T = Instant.parse("2026-03-04T05:06:07Z");

  /** Runs {@link StoreOpenChild} on {@code file} in a new JVM (at most 60 s) and returns the line it printed. */
  static String openInAnotherJvm(Path file) throws Exception {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StoreOpenChild.class.getName(),
        file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM must finish within 60 s");
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void assertRefusedByAnotherJvm(Path file) throws Exception {
    String answer = openInAnotherJvm(file);
    assertTrue(answer.startsWith("LOCKED "), "another process must be refused, but it answered: " + answer);
  }

  /** A pairwise label whose JSON line is about {@code chars} bytes long. */
  private static PairwiseComparison large(int chars) {
    StringBuilder sb = new StringBuilder(chars);
    for (int i = 0; sb.length() < chars; i++) {
      sb.append("word").append(i % 977).append(' ');
    }
    return new PairwiseComparison(Prompt.of("summarise the report"), Completion.of(sb.toString()),
        Completion.of("short"), Outcome.A, 0.75, null, Presentation.BOTH_ORDERS, Provenance.ai("judge", null, T));
  }

  /** The line the store writes for a record (what a writer in the middle of its write has half put down). */
  private static byte[] recordLine(String id, PairwiseComparison feedback) {
    ObjectNode o = FeedbackJson.mapper().createObjectNode();
    o.put("id", id);
    o.put("stored_at", T.toString());
    o.set("feedback", FeedbackJson.toJson(feedback));
    return (FeedbackJson.line(o) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** SHA-256 of the file's bytes read through {@code ch} (a handle of this process that stays open). */
  private static byte[] sha256(FileChannel ch) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    for (long pos = 0; ; ) {
      buf.clear();
      int n = ch.read(buf, pos);
      if (n < 0) {
        return md.digest();
      }
      buf.flip();
      md.update(buf);
      pos += n;
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void anotherProcessIsRefusedAndLeavesARecordBeingWrittenUntouched(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.jsonl");
    PairwiseComparison big = large(4_000_000);
    byte[] line = recordLine("big", big);
    int half = line.length / 2;
    try (FeedbackStore s = FeedbackStore.open(f, FsyncPolicy.EVERY_RECORD, Clock.systemUTC());
        // stands for the writer's own write in progress: a handle of the lock-holding process, closed only at the end
        // (closing a handle would release this process's lock)
        FileChannel writer = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      for (int i = 0; i < 20; i++) {
        s.append("r" + i, pair(i));
      }
      writer.write(ByteBuffer.wrap(line, 0, half), writer.size());
      writer.force(true);
      long sizeBefore = writer.size();
      byte[] before = sha256(writer);

      assertRefusedByAnotherJvm(f);

      assertEquals(sizeBefore, writer.size(), "a refused open must not truncate the file");
      assertArrayEquals(before, sha256(writer), "a refused open must leave the file byte-for-byte unchanged");
      assertEquals(List.of("labels.jsonl"), names(dir), "a refused open must quarantine nothing");
      // the writer finishes its record: it is whole, at the place where it started
      writer.write(ByteBuffer.wrap(line, half, line.length - half), writer.size());
      writer.force(true);
    }
    try (FeedbackStore s = FeedbackStore.open(f)) {
      assertFalse(s.recovery().quarantined());
      assertEquals(21, s.recovery().completeLines());
      assertEquals(0, s.recovery().unreadableLines());
      assertEquals(21, s.size());
      assertEquals(big, s.find("big").orElseThrow());
      assertEquals(pair(19), s.find("r19").orElseThrow());
    }
  }

  @Test
  void anotherProcessIsRefusedAfterReadsAndAfterRefusedOpensInThisJvm(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.jsonl");
    try (FeedbackStore s = FeedbackStore.open(f)) {
      for (int i = 0; i < 5; i++) {
        s.append("r" + i, pair(i));
      }
      assertEquals(pair(3), s.find("r3").orElseThrow());
      assertTrue(s.contains("r4"));
      assertEquals(5, s.readAll().size());
      assertRefusedByAnotherJvm(f);

      IllegalStateException twice = assertThrows(IllegalStateException.class, () -> FeedbackStore.open(f));
      assertTrue(twice.getMessage().contains("locked") && twice.getMessage().contains(f.toString()),
          twice.getMessage());
      IllegalStateException repair = assertThrows(IllegalStateException.class,
          () -> JsonlFiles.quarantineTornTail(f, Clock.systemUTC()));
      assertTrue(repair.getMessage().contains("locked"), repair.getMessage());
      assertRefusedByAnotherJvm(f);
      assertTrue(s.append("r5", pair(5)), "the store that holds the lock keeps working");
      assertEquals(pair(5), s.find("r5").orElseThrow());
    }
    assertEquals("OPENED 6", openInAnotherJvm(f), "after close, another process may open it");
  }

  @Test
  void aLockHeldElsewhereInThisJvmIsReportedAsLockedAndNothingIsRepaired(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.jsonl");
    try (FeedbackStore s = FeedbackStore.open(f)) {
      s.append("r0", pair(0));
    }
    Files.writeString(f, "{\"id\":\"r1\",\"stored_at\":\"2026-", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (FileChannel other = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock held = other.lock()) {
      byte[] before = sha256(other);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> FeedbackStore.open(f));
      assertTrue(e.getMessage().contains("locked"), e.getMessage());
      assertArrayEquals(before, sha256(other), "a refused open must leave the file byte-for-byte unchanged");
      assertEquals(List.of("labels.jsonl"), names(dir));
      assertTrue(held.isValid());
    }
  }

  @Test
  void anInterruptedCallerNeitherFailsNorClosesTheStore(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.jsonl");
    try (FeedbackStore s = FeedbackStore.open(f, FsyncPolicy.EVERY_RECORD, Clock.systemUTC())) {
      s.append("r0", pair(0));
      Thread.currentThread().interrupt();
      try {
        assertTrue(s.append("r1", pair(1)));
        assertEquals(pair(0), s.find("r0").orElseThrow());
        assertEquals(2, s.readAll().size());
        assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt status is kept");
      } finally {
        Thread.interrupted();
      }
      assertTrue(s.append("r2", pair(2)));
      assertEquals(pair(1), s.find("r1").orElseThrow());
      assertRefusedByAnotherJvm(f);
    }
  }
}
