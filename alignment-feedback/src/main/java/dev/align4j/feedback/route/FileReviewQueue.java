package dev.align4j.feedback.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import dev.align4j.feedback.store.FeedbackJson;
import dev.align4j.feedback.store.GroupCommitJournal;
import dev.align4j.feedback.store.RecoveryReport;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A {@link HumanReviewQueue} persisted as an append-only JSONL journal ({@code {"op":"enqueue","task":…}} and
 * {@code {"op":"submit","id":…,"label":…}}), each line forced to disk before the call returns and before an answer
 * completes its stage. Reopening replays the journal: tasks enqueued and not answered are pending again, answers are
 * remembered (so re-enqueuing an answered id returns its answer at once). A torn last line from a crash is quarantined
 * as in the feedback store. One process at a time.
 *
 * <p>The state and the contract are those of {@link InMemoryReviewQueue} (one shared ledger); each change is written
 * to the journal before the state changes, so a failed write acknowledges nothing and leaves the task as it was.
 * <b>Group commit</b> ({@link GroupCommitJournal}): the line is written under the ledger's lock, and the caller waits
 * for a force outside it, so concurrent submissions share one {@code fsync} instead of taking turns. A change is
 * visible to other callers of this queue from its write on (a second submit of the same id returns false at once),
 * but is acknowledged only once durable. A failed force truncates the lines it covered and fails every call waiting
 * for them; the queue then refuses every further change ({@link IllegalStateException} with the cause) because its
 * memory may hold changes the file no longer has: reopen it to continue from what is on disk.
 */
public final class FileReviewQueue implements HumanReviewQueue, Closeable {

  private static final String NAME = "review queue";

  private final Path file;
  private final GroupCommitJournal journal;
  private final ReviewLedger ledger = new ReviewLedger(new JournalLines());
  private final RecoveryReport recovery;
  private volatile @Nullable RuntimeException failure;

  private FileReviewQueue(Path file, Clock clock, GroupCommitJournal.Sync sync) {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open review queue " + file, e);
      }
    }
    this.recovery =
        GroupCommitJournal.replay(
            file,
            NAME,
            clock,
            n -> {
              String op = n.path("op").asText();
              if (op.equals("enqueue")) {
                ledger.restoreEnqueued(decodeTask(n.get("task")));
              } else if (op.equals("submit")) {
                ledger.restoreSubmitted(
                    n.get("id").asText(), FeedbackJson.fromJson(n.get("label")));
              }
            });
    this.journal = GroupCommitJournal.open(file, NAME, sync);
  }

  /** Opens (creating if needed) and replays the journal. */
  public static FileReviewQueue open(Path file, Clock clock) {
    return open(file, clock, GroupCommitJournal.Sync.FORCE_DATA);
  }

  /** Opens with another force (tests count or fail syncs). */
  static FileReviewQueue open(Path file, Clock clock, GroupCommitJournal.Sync sync) {
    Require.nonNull("file", file);
    Require.nonNull("clock", clock);
    return new FileReviewQueue(file, clock, sync);
  }

  /** Number of forces of the journal so far. */
  long syncs() {
    return journal.syncs();
  }

  /** What opening repaired. */
  public RecoveryReport recovery() {
    return recovery;
  }

  @Override
  public CompletionStage<Feedback> enqueue(ReviewTask task) {
    return ledger.enqueue(task);
  }

  @Override
  public List<ReviewTask> pending() {
    return ledger.pending();
  }

  @Override
  public boolean submit(String requestId, Feedback label) {
    return ledger.submit(requestId, label);
  }

  @Override
  public Optional<Feedback> answer(String requestId) {
    return ledger.answer(requestId);
  }

  @Override
  public int pendingCount() {
    return ledger.pendingCount();
  }

  /**
   * Writes the ledger's changes as journal lines (called under the ledger's lock, before the state changes) and
   * waits for them outside it.
   */
  private final class JournalLines implements ReviewLedger.Journal {
    @Override
    public void enqueued(ReviewTask task) {
      ObjectNode o = FeedbackJson.mapper().createObjectNode();
      o.put("op", "enqueue");
      o.set("task", encodeTask(task));
      journal(o);
    }

    @Override
    public void submitted(String requestId, Feedback label) {
      ObjectNode o = FeedbackJson.mapper().createObjectNode();
      o.put("op", "submit");
      o.put("id", requestId);
      o.set("label", FeedbackJson.toJson(label));
      journal(o);
    }

    @Override
    public void awaitDurable() {
      try {
        journal.awaitDurable(journal.mark());
      } catch (UncheckedIOException e) {
        failure = e;
        throw e;
      }
    }
  }

  private void journal(ObjectNode o) {
    RuntimeException failed = failure;
    if (failed != null) {
      throw new IllegalStateException(
          "review queue refuses changes after a failed sync (memory and file may differ); reopen it",
          failed);
    }
    journal.append((FeedbackJson.line(o) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode encodeTask(ReviewTask t) {
    ObjectNode o = FeedbackJson.mapper().createObjectNode();
    o.set("request", FeedbackJson.toJson(t.request()));
    o.put("reason", t.reason().name());
    o.put("enqueued_at", t.enqueuedAt().toString());
    if (t.aiSuggestion() != null) {
      o.set("ai_suggestion", FeedbackJson.toJson(t.aiSuggestion()));
    }
    return o;
  }

  private static ReviewTask decodeTask(JsonNode o) {
    return new ReviewTask(
        FeedbackJson.requestFromJson(o.get("request")),
        RoutingReason.valueOf(o.get("reason").asText()),
        o.has("ai_suggestion") ? FeedbackJson.fromJson(o.get("ai_suggestion")) : null,
        Instant.parse(o.get("enqueued_at").asText()));
  }

  @Override
  public void close() {
    // under the ledger's lock, so no journal write is cut in half by the close
    synchronized (ledger) {
      try {
        journal.awaitDurable(journal.mark()); // changes still waiting for their force get it
      } finally {
        journal.close();
      }
    }
  }

  @Override
  public String toString() {
    return "FileReviewQueue["
        + file
        + ", pending="
        + ledger.pendingCount()
        + ", answered="
        + ledger.answeredCount()
        + "]";
  }
}
