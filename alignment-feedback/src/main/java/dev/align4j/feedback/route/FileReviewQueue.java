package dev.align4j.feedback.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import dev.align4j.feedback.store.FeedbackJson;
import dev.align4j.feedback.store.JsonlFiles;
import dev.align4j.feedback.store.RecoveryReport;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link HumanReviewQueue} persisted as an append-only JSONL journal ({@code {"op":"enqueue","task":…}} and
 * {@code {"op":"submit","id":…,"label":…}}), each line fsynced before the call returns. Reopening replays the journal:
 * tasks enqueued and not answered are pending again, answers are remembered (so re-enqueuing an answered id returns
 * its answer at once). A torn last line from a crash is quarantined as in the feedback store. One process at a time.
 *
 * <p>The state and the contract are those of {@link InMemoryReviewQueue} (one shared ledger); each change is journalled
 * before the state changes, so a failed write acknowledges nothing and leaves the task as it was.
 */
public final class FileReviewQueue implements HumanReviewQueue, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(FileReviewQueue.class);

  private final Path file;
  private final FileChannel channel;
  private final ReviewLedger ledger = new ReviewLedger(new JournalLines());
  private final RecoveryReport recovery;

  private FileReviewQueue(Path file, Clock clock) throws IOException {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.recovery = JsonlFiles.quarantineTornTail(file, clock);
    if (Files.exists(file)) {
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
          no++;
          try {
            JsonNode n = FeedbackJson.parse(line);
            String op = n.path("op").asText();
            if (op.equals("enqueue")) {
              ledger.restoreEnqueued(decodeTask(n.get("task")));
            } else if (op.equals("submit")) {
              ledger.restoreSubmitted(n.get("id").asText(), FeedbackJson.fromJson(n.get("label")));
            }
          } catch (RuntimeException e) {
            LOG.warn("review queue {}: line {} skipped: {}", file, no, e.getMessage());
          }
        }
      }
    }
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
  }

  /** Opens (creating if needed) and replays the journal. */
  public static FileReviewQueue open(Path file, Clock clock) {
    Require.nonNull("file", file);
    Require.nonNull("clock", clock);
    try {
      return new FileReviewQueue(file, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open review queue " + file, e);
    }
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

  /** Writes the ledger's changes as journal lines (called under the ledger's lock, before the state changes). */
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
  }

  private void journal(ObjectNode o) {
    ByteBuffer b = ByteBuffer.wrap((FeedbackJson.line(o) + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (b.hasRemaining()) {
        channel.write(b);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write review queue " + file, e);
    }
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
        channel.close();
    } catch (IOException e) {
        throw new UncheckedIOException("cannot close review queue " + file, e);
      }
    }
  }

  @Override
  public String toString() {
    return "FileReviewQueue[" + file + ", pending=" + ledger.pendingCount() + ", answered=" + ledger.answeredCount()
        + "]";
  }
}
