package dev.align4j.feedback.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group-commit journal on its own: what a failed force takes back, and what it does not. */
class GroupCommitJournalTest {
  @TempDir Path dir;

  private static byte[] line(String s) {
    return (s + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aFailedForceRefusesEveryLineNotYetDurableAndKeepsTheDurableOnes() throws IOException {
    Path file = dir.resolve("answers.jsonl");
    AtomicInteger calls = new AtomicInteger();
    try (GroupCommitJournal j =
        GroupCommitJournal.open(
            file,
            "answers journal",
            ch -> {
              if (calls.incrementAndGet() == 2) {
                throw new IOException("disk error (test)");
              }
              ch.force(false);
            })) {
      GroupCommitJournal.Mark first = j.append(line("{\"n\":1}"));
      j.awaitDurable(first); // force 1 succeeds
      GroupCommitJournal.Mark second = j.append(line("{\"n\":2}"));
      GroupCommitJournal.Mark third = j.append(line("{\"n\":3}"));
      UncheckedIOException failed =
          assertThrows(UncheckedIOException.class, () -> j.awaitDurable(second));
      assertEquals("disk error (test)", failed.getCause().getMessage(), "the cause is kept");
      // the third line was written before the failed force and cut with the second: refused, not
      // re-synced
      assertThrows(UncheckedIOException.class, () -> j.awaitDurable(third));
      assertEquals(2, j.syncs(), "no force was run for the refused third line");
      j.awaitDurable(first); // still durable: returns at once
      GroupCommitJournal.Mark fourth = j.append(line("{\"n\":4}"));
      j.awaitDurable(fourth);
      assertEquals(3, j.syncs());
    }
    assertEquals(
        "{\"n\":1}\n{\"n\":4}\n", Files.readString(file), "only acknowledged lines remain");
  }
}
