package dev.align4j.feedback.store;

import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * Child JVM for the crash test: appends records forever, printing {@code ACK <id>} after each append returns (i.e.
 * after the store acknowledged it). With {@code torn} as the third argument it writes half a record behind the
 * store's back after 50 records — what a crash in the middle of a write leaves on a file system that does not make
 * writes atomic — and keeps going.
 */
public final class StoreCrashChild {
  private StoreCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    FsyncPolicy policy = FsyncPolicy.valueOf(args[1]);
    boolean torn = args.length > 2 && args[2].equals("torn");
    PrintStream out = new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    String payload = "x".repeat(2000);
    try (FeedbackStore store = FeedbackStore.open(file, policy, Clock.systemUTC())) {
      for (int i = 0; ; i++) {
        String id = "rec-" + i;
        PairwiseComparison p = new PairwiseComparison(Prompt.of("prompt " + i), Completion.of("a " + payload),
            Completion.of("b " + i), Outcome.A, 0.8, null, Presentation.BOTH_ORDERS,
            Provenance.ai("judge", null, Instant.EPOCH));
        store.append(id, p);
        out.println("ACK " + id);
        if (torn && i == 50) {
          try (FileOutputStream raw = new FileOutputStream(file.toFile(), true)) {
            raw.write("{\"id\":\"rec-torn\",\"stored_at\":\"2026-".getBytes(StandardCharsets.UTF_8));
            raw.getFD().sync();
          }
          out.println("TORN");
          Thread.sleep(60_000);
        }
      }
    }
  }
}
