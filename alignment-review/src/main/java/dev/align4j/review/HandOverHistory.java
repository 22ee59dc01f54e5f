package dev.align4j.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.math.WilsonInterval;
import dev.align4j.feedback.event.FeedbackEvent;
import dev.align4j.feedback.event.FeedbackListener;
import dev.align4j.feedback.route.AgreementTracker;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.route.Route;
import dev.align4j.feedback.route.RoutingReason;
import dev.align4j.feedback.store.FeedbackJson;
import dev.align4j.feedback.store.GroupCommitJournal;
import dev.align4j.feedback.store.RecoveryReport;
import java.io.Closeable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-over from people to the AI judge over time, recorded from {@link HybridRouter}'s events: register it on the
 * router ({@code HybridRouter.builder().listener(history)}) and the lead's dashboard draws it.
 *
 * <p><b>Buckets.</b> Completed items ({@code ItemCompleted} events) are counted in buckets of {@code bucketSize}
 * items, in completion order; each bucket records when its first and last item completed, read from the injected
 * {@link Clock}. Per bucket of {@code n} items:
 *
 * <ul>
 *   <li>AI share {@code = aiOnly / n}, {@code aiOnly} the items whose final label was the AI's alone (route
 *       {@code AI_ONLY});
 *   <li>audits: the items drawn for the random audit (reason {@code AUDIT}, route {@code BOTH}) — the audit sample;
 *   <li>agreement {@code = agreed / compared}: {@code compared} the items that have both an AI and a human label and
 *       were routed for {@code AUDIT} or {@code UNCALIBRATED} — the very pairs the router measures its κ on (items
 *       routed for low confidence or inconsistency are the hard cases and are left out, as the router leaves them
 *       out); a pair agrees when both labels fall in the same category as {@link AgreementTracker#categories} reads
 *       them (pairwise A / B / tie, binary yes / no, the top of a ranking, a rating's integer step);
 *   <li>its 95% Wilson (1927) score interval {@code [p̂ + z²/2n ± z·sqrt(p̂(1−p̂)/n + z²/4n²)] / (1 + z²/n)} with
 *       {@code n = compared}, from core's {@link WilsonInterval#twoSided}; no agreement and no interval when
 *       {@code compared = 0}.
 * </ul>
 *
 * <p>Bounded memory: at most {@code maxBuckets} closed buckets are kept (the oldest dropped first), and at most
 * {@code maxOpenItems} items between their first event and their completion (the oldest forgotten first, counted in
 * {@link Snapshot#forgottenItems}). Items answered from the router's store emit no events and are not counted.
 * Thread-safe (the router calls listeners on the threads that label items); no threads of its own.
 *
 * <p><b>Journal</b> ({@link Builder#journal}; the {@link ReviewServer}'s own history keeps one beside its other
 * journals). Each completed item is appended as one JSON line with its outcome — completion time, AI-only, audit,
 * compared, agreed — and each forgotten item as one line, so that opening the same file again replays the same
 * series (the buckets are rebuilt from the items, so a new {@code bucketSize} regroups the old items). A line is
 * written (to the operating system) before the item is counted in memory; the file is forced to disk when a bucket
 * closes and on {@link #close}, and the router's thread waits for that force. So a crash of the process loses
 * nothing that was counted; a crash of the machine can lose the items of the current, unfinished bucket (at most
 * {@code bucketSize − 1} items) — acceptable because the series is a monitoring view whose labels themselves are
 * durable in the store, and forcing every item would add a sync to every completion. Items in flight (between their
 * first event and their completion) are kept in memory only: one that completes after a restart is counted without
 * its earlier events (no audit, nothing compared). A torn last line is quarantined and an unreadable line skipped,
 * as in the module's other journals ({@link #recovery}). The file grows by about 100 bytes per completed item.
 */
public final class HandOverHistory implements FeedbackListener, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(HandOverHistory.class);
  private static final double ALPHA = 0.05;

  private final Clock clock;
  private final int bucketSize;
  private final int maxBuckets;
  private final int maxOpenItems;
  private final ArrayDeque<Bucket> closed = new ArrayDeque<>();
  private final LinkedHashMap<String, Open> open = new LinkedHashMap<>();
  private long bucketsDropped;
  private long forgotten;
  private @Nullable Counting current;
  private final @Nullable GroupCommitJournal journal;
  private final RecoveryReport recovery;
  private boolean shut;

  private HandOverHistory(Builder b) {
    this.clock = b.clock;
    this.bucketSize = b.bucketSize;
    this.maxBuckets = b.maxBuckets;
    this.maxOpenItems = b.maxOpenItems;
    Path file = b.journal;
    if (file == null) {
      this.journal = null;
      this.recovery = new RecoveryReport(0, 0, 0, null);
    } else {
      this.recovery = GroupCommitJournal.replay(file, "hand-over journal", clock, this::replay);
      this.journal = GroupCommitJournal.open(file, "hand-over journal", b.journalSync);
    }
  }

  private void replay(JsonNode line) {
    String op = line.path("op").asText();
    if (op.equals("item")) {
      count(Outcome.fromJson(line));
    } else if (op.equals("forgotten")) {
      forgotten++;
    } else {
      throw new IllegalArgumentException("unknown op '" + op + "'");
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Records one router event. With a journal, a completed item is on file (and forced, when it closes a bucket)
   * before this returns.
   *
   * @throws UncheckedIOException when the journal cannot be written or forced (the item is then not counted
   *     when the write failed; when the force failed the item stays counted in memory but may be missing after a
   *     restart)
   * @throws IllegalStateException after {@link #close}
   */
  @Override
  public void onEvent(FeedbackEvent event) {
    Require.nonNull("event", event);
    GroupCommitJournal.@Nullable Mark force = null;
    synchronized (this) {
      if (shut) {
        throw new IllegalStateException("hand-over history is closed");
      }
      String id = event.requestId();
      if (event instanceof FeedbackEvent.LabelSubmitted s) {
        Open o = openItem(id);
        // the AI answers before the router decides; a label after RoutedToHuman is the human's
        if (o.reason == null) {
          o.ai = s.label();
        } else {
          o.human = s.label();
        }
      } else if (event instanceof FeedbackEvent.RoutedToHuman r) {
        openItem(id).reason = r.reason();
      } else if (event instanceof FeedbackEvent.ItemCompleted c) {
        Open o = open.get(id);
        Outcome outcome = outcome(o == null ? new Open() : o, c.route());
        GroupCommitJournal.@Nullable Mark mark = write(outcome.toJson()); // throws: nothing counted
        open.remove(id);
        if (count(outcome)) {
          force = mark;
        }
      }
    }
    if (force != null) {
      Objects.requireNonNull(journal).awaitDurable(force);
    }
  }

  private GroupCommitJournal.@Nullable Mark write(ObjectNode line) {
    if (journal == null) {
      return null;
    }
    return journal.append((FeedbackJson.line(line) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private Open openItem(String id) {
    Open o = open.get(id);
    if (o == null) {
      if (open.size() >= maxOpenItems) {
        ObjectNode line = FeedbackJson.mapper().createObjectNode();
        line.put("op", "forgotten");
        write(line);
        Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator();
        it.next();
        it.remove();
        forgotten++;
      }
      o = new Open();
      open.put(id, o);
    }
    return o;
  }

  private Outcome outcome(Open o, String route) {
    boolean audit = RoutingReason.AUDIT.name().equals(o.reason);
    boolean measured = audit || RoutingReason.UNCALIBRATED.name().equals(o.reason);
    boolean compared = false;
    boolean agreed = false;
    if (measured && o.ai != null && o.human != null) {
      try {
        int[] cat = AgreementTracker.categories(o.ai, o.human);
        compared = true;
        agreed = cat[0] == cat[1];
      } catch (IllegalArgumentException e) {
        LOG.warn("hand-over: an AI and a human label could not be compared: {}", e.getMessage());
      }
    }
    return new Outcome(
        clock.instant(), Route.AI_ONLY.name().equals(route), audit, compared, agreed);
  }

  /** Counts one completed item; true when it closed a bucket. */
  private boolean count(Outcome item) {
    Counting c = current;
    if (c == null) {
      c = new Counting(item.at());
      current = c;
    }
    c.end = item.at();
    c.items++;
    if (item.aiOnly()) {
      c.aiOnly++;
    }
    if (item.audit()) {
      c.audits++;
    }
    if (item.compared()) {
      c.compared++;
      if (item.agreed()) {
        c.agreed++;
      }
    }
    if (c.items < bucketSize) {
      return false;
    }
    closed.addLast(c.freeze(true));
    current = null;
    while (closed.size() > maxBuckets) {
      closed.removeFirst();
      bucketsDropped++;
    }
    return true;
  }

  /** What opening the journal found: lines replayed, lines skipped, a torn tail quarantined (zeros without one). */
  public RecoveryReport recovery() {
    return recovery;
  }

  /** Forces and closes the journal, if any; later events are refused. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (shut) {
        return;
      }
      shut = true;
    }
    if (journal != null) {
      try {
        journal.awaitDurable(journal.mark());
      } finally {
        journal.close();
      }
    }
  }

  /** One completed item as the journal keeps it. */
  private record Outcome(
      Instant at, boolean aiOnly, boolean audit, boolean compared, boolean agreed) {
    ObjectNode toJson() {
      ObjectNode o = FeedbackJson.mapper().createObjectNode();
      o.put("op", "item");
      o.put("at", at.toString());
      o.put("aiOnly", aiOnly);
      o.put("audit", audit);
      o.put("compared", compared);
      o.put("agreed", agreed);
      return o;
    }

    static Outcome fromJson(JsonNode n) {
      boolean compared = bool(n, "compared");
      boolean agreed = bool(n, "agreed");
      Require.argument(compared || !agreed, "agreed without compared");
      return new Outcome(
          Instant.parse(n.path("at").asText()),
          bool(n, "aiOnly"),
          bool(n, "audit"),
          compared,
          agreed);
    }

    private static boolean bool(JsonNode n, String field) {
      JsonNode v = n.get(field);
      Require.argument(
          v != null && v.isBoolean(), "field '%s' must be a boolean, was %s", field, v);
      return v.booleanValue();
    }
  }

  /** The buckets kept, oldest first, the partly filled current one last. */
  public synchronized Snapshot snapshot() {
    List<Bucket> out = new ArrayList<>(closed);
    if (current != null) {
      out.add(current.freeze(false));
    }
    return new Snapshot(bucketSize, List.copyOf(out), bucketsDropped, forgotten);
  }

  /**
   * The series.
   *
   * @param bucketSize items per bucket
   * @param buckets the buckets kept, oldest first; the last may be partial
   * @param bucketsDropped older buckets no longer kept
   * @param forgottenItems items forgotten before they completed (over {@code maxOpenItems} in flight)
   */
  public record Snapshot(
      int bucketSize, List<Bucket> buckets, long bucketsDropped, long forgottenItems) {
    /** Copies. */
    public Snapshot {
      buckets = List.copyOf(buckets);
    }
  }

  /**
   * One bucket of completed items.
   *
   * @param from when its first item completed
   * @param to when its last item completed
   * @param items items completed in the bucket
   * @param aiOnly of those, labelled by the AI alone
   * @param audits of those, drawn for the audit
   * @param compared of those, with an AI and a human label on the router's agreement population
   * @param agreed of the compared, those whose two labels agree
   * @param complete whether the bucket is full ({@code items = bucketSize})
   */
  public record Bucket(
      Instant from,
      Instant to,
      int items,
      int aiOnly,
      int audits,
      int compared,
      int agreed,
      boolean complete) {
    /** Validates. */
    public Bucket {
      Require.nonNull("from", from);
      Require.nonNull("to", to);
      Require.argument(items > 0, "items must be > 0, was %d", items);
      Require.argument(
          aiOnly >= 0 && aiOnly <= items, "aiOnly must be in [0, %d], was %d", items, aiOnly);
      Require.argument(
          agreed >= 0 && agreed <= compared, "agreed must be in [0, %d], was %d", compared, agreed);
    }

    /** {@code aiOnly / items}. */
    public double aiShare() {
      return aiOnly / (double) items;
    }

    /** {@code agreed / compared}, or NaN when nothing was compared. */
    public double agreement() {
      return compared == 0 ? Double.NaN : agreed / (double) compared;
    }

    /** The 95% Wilson interval of the agreement {@code [lower, upper]}, or NaNs when nothing was compared. */
    public double[] agreementInterval() {
      return compared == 0
          ? new double[] {Double.NaN, Double.NaN}
          : WilsonInterval.twoSided(agreed, compared, ALPHA);
    }
  }

  private static final class Open {
    @Nullable Feedback ai;
    @Nullable Feedback human;
    @Nullable String reason;
  }

  private static final class Counting {
    final Instant from;
    Instant end;
    int items;
    int aiOnly;
    int audits;
    int compared;
    int agreed;

    Counting(Instant from) {
      this.from = from;
      this.end = from;
    }

    Bucket freeze(boolean complete) {
      return new Bucket(from, end, items, aiOnly, audits, compared, agreed, complete);
    }
  }

  @Override
  public synchronized String toString() {
    return "HandOverHistory[bucketSize=" + bucketSize + ", buckets=" + closed.size() + "]";
  }

  /** Configures a {@link HandOverHistory}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private int bucketSize = 20;
    private int maxBuckets = 500;
    private int maxOpenItems = 10_000;
    private @Nullable Path journal;
    GroupCommitJournal.Sync journalSync = GroupCommitJournal.Sync.FORCE_DATA;

    private Builder() {}

    /**
     * Keeps the series in {@code file}, an append-only JSONL journal replayed by {@link #build} (default none: in
     * memory only; the {@link ReviewServer}'s own history uses {@code <store file>.review-handover.jsonl}). One
     * process at a time.
     */
    public Builder journal(Path file) {
      this.journal = Require.nonNull("file", file);
      return this;
    }

    /** The clock of the buckets' times (default UTC system clock; the server passes its own). */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull("clock", clock);
      return this;
    }

    /**
     * Completed items per bucket (default 20: with the router's default 10% audit, about two audits per bucket once
     * the AI is trusted, and a bucket per few minutes of a small team's work; project choice).
     */
    public Builder bucketSize(int items) {
      this.bucketSize = Require.positive("bucketSize", items);
      return this;
    }

    /** Buckets kept (default 500: 10,000 items at the default size, about 40 KiB). */
    public Builder maxBuckets(int buckets) {
      this.maxBuckets = Require.positive("maxBuckets", buckets);
      return this;
    }

    /** Items tracked between their first event and completion (default 10,000, a few MiB of labels at most). */
    public Builder maxOpenItems(int items) {
      this.maxOpenItems = Require.positive("maxOpenItems", items);
      return this;
    }

    /**
     * Builds the recorder, replaying the journal when there is one.
     *
     * @throws UncheckedIOException when the journal cannot be repaired, read or opened
     */
    public HandOverHistory build() {
      return new HandOverHistory(this);
    }
  }
}
