package dev.align4j.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.FeedbackKind;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.data.DataFormat;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.text.Message;
import dev.align4j.feedback.agreement.CohenKappa;
import dev.align4j.feedback.agreement.ConfidenceInterval;
import dev.align4j.feedback.agreement.FleissKappa;
import dev.align4j.feedback.agreement.KrippendorffAlpha;
import dev.align4j.feedback.agreement.Weighting;
import dev.align4j.feedback.export.ExportSummary;
import dev.align4j.feedback.export.PreferenceExporter;
import dev.align4j.feedback.route.FileReviewQueue;
import dev.align4j.feedback.route.ReviewTask;
import dev.align4j.feedback.store.FeedbackJson;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.feedback.store.GroupCommitJournal;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review state behind {@link ReviewServer}: the tasks (a {@link FileReviewQueue}, whose shared ledger keeps the
 * queue's idempotency by request id), the reviewers' answers (an append-only answers journal, each line forced to disk
 * before the answer is acknowledged), overlap, undo, gold items, progress, agreement and export. A completed item's
 * label goes to the {@link FeedbackStore} first and then to the queue, which completes the router's stage.
 *
 * <p>Crash recovery on opening: the queue replays its journal (pending tasks pending, answered ones answered), the
 * answers journal is replayed, and an item whose answers were all durable but whose completion was cut short is
 * completed again — from the store's label when the store already has one, so that the label never changes.
 */
final class ReviewDesk implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewDesk.class);

  /** An item's answers: the active submission of each reviewer, and whether its label is final. */
  private static final class Item {
    final Map<String, Submission> active = new LinkedHashMap<>();
    boolean completing;
    boolean completed;
  }

  /** A task handed to a reviewer: the order its candidates are shown in, drawn once per assignment. */
  record Assignment(
      String taskId,
      FeedbackRequest request,
      List<Integer> order,
      @Nullable Feedback aiSuggestion,
      boolean gold) {}

  private final FeedbackStore store;
  private final FileReviewQueue queue;
  private final Path answersFile;
  private final GroupCommitJournal answers;

  /** Answers written to the journal but not yet known durable, by receipt (a retry waits for the same sync). */
  private final Map<Long, GroupCommitJournal.Mark> syncing = new HashMap<>();

  private final Clock clock;
  private final RandomGenerator random;
  private final int minSubmitted;
  private final Duration undoWindow;
  private final double goldRate;
  private final double goldAccuracyThreshold;
  private final int goldMinAnswers;
  private final boolean showAiSuggestions;
  private final Rubric rubric;
  private final int resamples;
  private final double level;
  private final Map<String, Reviewer> reviewers;

  private final Map<String, ReviewTask> tasks = new LinkedHashMap<>();
  private final Map<String, GoldItem> gold = new LinkedHashMap<>();
  private final Map<String, Item> items = new HashMap<>();
  private final Map<String, Submission> lastByReviewer = new HashMap<>();
  private final Map<String, Assignment> current = new HashMap<>();

  /** Per task id, how many reviewers have it shown as their current task (a claim on one of its answers). */
  private final Map<String, Integer> claims = new HashMap<>();

  private final List<String> completedOrder = new ArrayList<>();
  private long receipts;
  private boolean closed;

  ReviewDesk(ReviewServer.Builder b, FeedbackStore store, Path queueFile, Path answersFile) {
    this.store = store;
    this.clock = b.clock;
    this.random = b.random;
    this.minSubmitted = b.minSubmitted;
    this.undoWindow = b.undoWindow;
    this.goldRate = b.goldRate;
    this.goldAccuracyThreshold = b.goldAccuracyThreshold;
    this.goldMinAnswers = b.goldMinAnswers;
    this.showAiSuggestions = b.showAiSuggestions;
    this.rubric = b.rubric;
    this.resamples = b.bootstrapResamples;
    this.level = b.intervalLevel;
    Map<String, Reviewer> rs = new LinkedHashMap<>();
    b.reviewers.forEach(r -> rs.put(r.name(), r));
    this.reviewers = rs;
    for (GoldItem g : b.gold) {
      gold.put(g.request().id(), g);
    }
    this.answersFile = answersFile;
    this.queue = FileReviewQueue.open(queueFile, clock);
    GroupCommitJournal journal = null;
    try {
      for (ReviewTask t : queue.pending()) {
        tasks.put(t.id(), t);
      }
      replayAnswers();
      journal = GroupCommitJournal.open(answersFile, "answers journal", b.journalSync);
    } catch (RuntimeException e) {
      try {
        queue.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    this.answers = journal;
    try {
      resumeCompletions();
    } catch (RuntimeException e) {
      try {
        close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void replayAnswers() {
    GroupCommitJournal.replay(
        answersFile,
        "answers journal",
        clock,
        n -> {
          String op = n.path("op").asText();
          String task = n.get("task").asText();
          String reviewer = n.get("reviewer").asText();
          Item item = items.computeIfAbsent(task, k -> new Item());
          if (op.equals("submit")) {
            Submission s = decode(n);
            item.active.put(reviewer, s);
            lastByReviewer.put(reviewer, s);
            receipts = Math.max(receipts, s.receipt());
          } else if (op.equals("undo")) {
            item.active.remove(reviewer);
            lastByReviewer.remove(reviewer);
          }
        });
  }

  /** Completes what a crash cut short, and marks the items the queue has answered as completed. */
  private void resumeCompletions() {
    for (Map.Entry<String, Item> e : items.entrySet()) {
      if (!gold.containsKey(e.getKey())
          && !tasks.containsKey(e.getKey())
          && queue.answer(e.getKey()).isPresent()) {
        e.getValue().completed = true;
        completedOrder.add(e.getKey());
        if (!store.contains(e.getKey())) {
          store.append(e.getKey(), queue.answer(e.getKey()).orElseThrow());
        }
      }
    }
    for (ReviewTask t : new ArrayList<>(tasks.values())) {
      Item item = items.computeIfAbsent(t.id(), k -> new Item());
      Optional<Feedback> stored = store.find(t.id());
      if (stored.isPresent() || item.active.size() >= minSubmitted) {
        Feedback label = stored.isPresent() ? stored.get() : consensus(t.request(), item);
        item.completing = true;
        LOG.info(
            "review item {}: completing on opening ({} answers durable)",
            t.id(),
            item.active.size());
        complete(t.id(), label, item);
      }
    }
  }

  // ---- the HumanReviewQueue side

  CompletionStage<Feedback> enqueue(ReviewTask task) {
    synchronized (this) {
      ensureOpen();
      if (gold.containsKey(task.id())) {
        throw new IllegalArgumentException(
            "task id "
                + task.id()
                + " is a gold item's id: queued tasks and gold items "
                + "need distinct ids");
      }
      CompletionStage<Feedback> stage = queue.enqueue(task);
      if (queue.answer(task.id()).isEmpty()) {
        tasks.putIfAbsent(task.id(), task);
      }
      return stage;
    }
  }

  List<ReviewTask> pending() {
    return queue.pending();
  }

  Optional<Feedback> answer(String requestId) {
    return queue.answer(requestId);
  }

  /**
   * The lead settles a pending item with their own answer (the body of a submission): the label is built as a
   * reviewer's would be, with the lead as its reviewer (provenance {@code HUMAN}, the lead's name), and completes
   * the item as {@link ReviewServer#submit} does, overlap aside. The response comes once the store has the label.
   *
   * @throws ApiException 404 for an unknown task, 409 for a completed (or completing) one, 400 for an invalid answer
   */
  ObjectNode adjudicate(Reviewer lead, JsonNode body) {
    String taskId = Answer.taskId(body);
    Feedback label;
    synchronized (this) {
      ensureOpen();
      ReviewTask t = tasks.get(taskId);
      Item item = items.get(taskId);
      if (t == null || (item != null && (item.completing || item.completed))) {
        if (queue.answer(taskId).isPresent() || item != null) {
          throw ApiException.conflict("task " + taskId + " is already completed");
        }
        throw new ApiException(404, "taskId", "taskId: there is no pending task " + taskId);
      }
      Answer answer = Answer.parse(body, t.request(), false, rubric);
      label = answer.label(t.request(), lead.name(), clock.instant(), rubric);
    }
    if (!submitFinal(taskId, label)) {
      throw ApiException.conflict("task " + taskId + " was completed meanwhile");
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("taskId", taskId);
    o.put("adjudicatedBy", lead.name());
    o.set("label", FeedbackJson.toJson(label));
    return o;
  }

  /** A final label given from Java (an adjudication, an import): stored, then the task completes. */
  boolean submitFinal(String requestId, Feedback label) {
    Item item;
    synchronized (this) {
      ensureOpen();
      ReviewTask t = tasks.get(requestId);
      if (t == null) {
        return false;
      }
      item = items.computeIfAbsent(requestId, k -> new Item());
      if (item.completing || item.completed) {
        return false;
      }
      t.request().requireAnsweredBy(label);
      item.completing = true;
    }
    complete(requestId, label, item);
    return true;
  }

  private void complete(String taskId, Feedback label, Item item) {
    try {
      Feedback fin = label;
      if (!store.append(taskId, label)) {
        // stored before (a completion cut short, or the router's own append): the stored label is
        // the label
        fin =
            store
                .find(taskId)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "store "
                                + store.file()
                                + " reports item "
                                + taskId
                                + " but has no label"));
      }
      queue.submit(taskId, fin);
      synchronized (this) {
        item.completing = false;
        item.completed = true;
        tasks.remove(taskId);
        completedOrder.add(taskId);
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        item.completing = false;
      }
      throw e;
    }
  }

  private Feedback consensus(FeedbackRequest request, Item item) {
    List<Feedback> labels = new ArrayList<>();
    List<String> names = new ArrayList<>();
    item.active.forEach(
        (n, s) -> {
          labels.add(s.label());
          names.add(n);
        });
    return Consensus.of(request, labels, names, clock.instant());
  }

  // ---- the reviewers' side

  synchronized Optional<Assignment> next(String reviewer) {
    ensureOpen();
    Assignment cur = current.get(reviewer);
    if (cur != null && open(cur.taskId(), reviewer)) {
      return Optional.of(cur);
    }
    // the oldest open item not yet claimed by enough others (answers + tasks shown and unanswered <
    // minSubmitted);
    // when every open item is claimed, the oldest open one (a claim may belong to someone who
    // walked away)
    ReviewTask real = null;
    ReviewTask firstOpen = null;
    for (ReviewTask t : tasks.values()) {
      if (open(t.id(), reviewer)) {
        if (firstOpen == null) {
          firstOpen = t;
        }
        Item item = items.get(t.id());
        int answered = item == null ? 0 : item.active.size();
        if (answered + claims.getOrDefault(t.id(), 0) < minSubmitted) {
          real = t;
          break;
        }
      }
    }
    if (real == null) {
      real = firstOpen;
    }
    if (real == null) {
      unassign(reviewer);
      return Optional.empty();
    }
    List<GoldItem> openGold = new ArrayList<>();
    for (GoldItem g : gold.values()) {
      if (open(g.request().id(), reviewer)) {
        openGold.add(g);
      }
    }
    Assignment a;
    if (!openGold.isEmpty() && random.nextDouble() < goldRate) {
      GoldItem g = openGold.get(random.nextInt(openGold.size()));
      a =
          new Assignment(
              g.request().id(), g.request(), shuffled(g.request().candidates().size()), null, true);
    } else {
      Feedback suggestion = showAiSuggestions ? real.aiSuggestion() : null;
      a =
          new Assignment(
              real.id(),
              real.request(),
              shuffled(real.request().candidates().size()),
              suggestion,
              false);
    }
    unassign(reviewer);
    current.put(reviewer, a);
    claims.merge(a.taskId(), 1, Integer::sum);
    return Optional.of(a);
  }

  /** Forgets the task shown to {@code reviewer} (answered, or replaced by another), and its claim. */
  private void unassign(String reviewer) {
    Assignment old = current.remove(reviewer);
    if (old != null) {
      claims.computeIfPresent(old.taskId(), (k, n) -> n > 1 ? n - 1 : null);
    }
  }

  private boolean open(String taskId, String reviewer) {
    Item item = items.get(taskId);
    return item == null
        || (!item.completed && !item.completing && !item.active.containsKey(reviewer));
  }

  private List<Integer> shuffled(int k) {
    List<Integer> order = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      order.add(i);
    }
    for (int i = k - 1; i > 0; i--) { // Fisher–Yates
      int j = random.nextInt(i + 1);
      order.set(i, order.set(j, order.get(i)));
    }
    return order;
  }

  /**
   * Records a reviewer's answer; returns the acknowledgement only once the answer is on disk.
   *
   * @throws ApiException 404 for an unknown task, 409 for a completed task or a different second answer, 400 for a
   *     body that does not answer the task (naming the field)
   */
  ObjectNode submit(Reviewer reviewer, JsonNode body) {
    String taskId = Answer.taskId(body);
    String name = reviewer.name();
    Submission sub;
    Feedback toComplete = null;
    Item item;
    GroupCommitJournal.Mark mark;
    Submission lastBefore = null;
    Assignment shown = null;
    boolean written = false;
    synchronized (this) {
      ensureOpen();
      GoldItem g = gold.get(taskId);
      ReviewTask t = tasks.get(taskId);
      item = items.get(taskId);
      if (g == null && t == null) {
        // not pending: a completed task this reviewer answered gets the same ack for the same
        // answer
        Submission mine = item == null ? null : item.active.get(name);
        if (mine == null) {
          if (queue.answer(taskId).isPresent()) {
            throw ApiException.conflict("task " + taskId + " is already completed");
          }
          throw new ApiException(404, "taskId", "taskId: there is no task " + taskId);
        }
        if (!mine.canonical().equals(Answer.canonicalOf(body))) {
          throw ApiException.conflict(
              "task "
                  + taskId
                  + " is already completed; reviewer "
                  + name
                  + " answered it differently before (receipt "
                  + mine.receipt()
                  + ")");
        }
        return ack(mine);
      }
      FeedbackRequest request = g != null ? g.request() : t.request();
      boolean suggestionShown = g == null && showAiSuggestions && t.aiSuggestion() != null;
      Answer answer = Answer.parse(body, request, suggestionShown, rubric);
      shown = current.get(name);
      if (shown != null && shown.taskId().equals(taskId) && !shown.order().equals(answer.order())) {
        throw ApiException.badField(
            "order", "must be the order the task was shown in, " + shown.order());
      }
      item = items.computeIfAbsent(taskId, k -> new Item());
      Submission prev = item.active.get(name);
      if (prev != null) {
        duplicate(prev, answer);
        mark = syncing.get(prev.receipt()); // the first request's sync may still be running
        if (g == null
            && !item.completed
            && !item.completing
            && item.active.size() >= minSubmitted
            && mark == null) {
          // a completion that failed before is retried by the reviewer's retry
          item.completing = true;
          toComplete = consensus(request, item);
        }
        sub = prev;
      } else {
        if (item.completed || item.completing) {
          throw ApiException.conflict("task " + taskId + " is already completed");
        }
        Instant now = clock.instant();
        Feedback label = answer.label(request, name, now, rubric);
        boolean correct = g != null && g.correct(label);
        sub =
            new Submission(
                receipts + 1,
                taskId,
                name,
                label,
                answer.order(),
                answer.aiSuggestionShown(),
                answer.canonical(),
                now,
                g != null,
                correct);
        // written to the page cache in order; acknowledged below, after the sync that covers it.
        // The state is
        // applied now so that a retry or another reviewer sees the answer; a failed sync takes it
        // back.
        mark = answers.append(line(encode(sub))); // throws: nothing changed, nothing acknowledged
        written = true;
        syncing.put(sub.receipt(), mark);
        receipts++;
        lastBefore = lastByReviewer.get(name);
        item.active.put(name, sub);
        lastByReviewer.put(name, sub);
        unassign(name);
        if (g == null && item.active.size() >= minSubmitted) {
          item.completing = true;
          toComplete = consensus(request, item);
        }
      }
    }
    if (mark != null) {
      try {
        answers.awaitDurable(
            mark); // group commit: shares one force with the answers written meanwhile
      } catch (RuntimeException e) {
        if (written) {
          takeBack(item, sub, lastBefore, shown, toComplete != null);
        }
        throw e;
      }
      if (written) {
        synchronized (this) {
          syncing.remove(sub.receipt());
        }
      }
    }
    if (toComplete != null) {
      complete(taskId, toComplete, item);
    }
    return ack(sub);
  }

  /** Undoes the in-memory effect of an answer whose journal sync failed (its line is no longer in the file). */
  private synchronized void takeBack(
      Item item,
      Submission sub,
      @Nullable Submission lastBefore,
      @Nullable Assignment shown,
      boolean completing) {
    syncing.remove(sub.receipt());
    if (shown != null && !current.containsKey(sub.reviewer())) {
      current.put(sub.reviewer(), shown); // the task stays shown, in the same order
      claims.merge(shown.taskId(), 1, Integer::sum);
    }
    if (item.active.get(sub.reviewer()) == sub) {
      item.active.remove(sub.reviewer());
    }
    if (lastByReviewer.get(sub.reviewer()) == sub) {
      if (lastBefore == null) {
        lastByReviewer.remove(sub.reviewer());
      } else {
        lastByReviewer.put(sub.reviewer(), lastBefore);
      }
    }
    if (completing) {
      item.completing = false;
    }
  }

  private ObjectNode duplicate(Submission prev, Answer again) {
    if (!prev.canonical().equals(again.canonical())) {
      throw ApiException.conflict(
          "reviewer "
              + prev.reviewer()
              + " already answered task "
              + prev.taskId()
              + " differently (receipt "
              + prev.receipt()
              + "); nothing was changed. Undo the answer first, within the "
              + "undo window, to change it");
    }
    return ack(prev);
  }

  private static ObjectNode ack(Submission s) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("taskId", s.taskId());
    o.put("receipt", s.receipt());
    o.put("submittedAt", s.at().toString());
    return o;
  }

  /** Takes back the reviewer's last answer if it is recent and its item is not complete. */
  synchronized ObjectNode undo(Reviewer reviewer) {
    ensureOpen();
    String name = reviewer.name();
    Submission last = lastByReviewer.get(name);
    if (last == null) {
      throw ApiException.conflict("there is no answer of " + name + " to undo");
    }
    Item item = items.get(last.taskId());
    if (item.completed || item.completing) {
      throw ApiException.conflict("task " + last.taskId() + " is completed: its label is final");
    }
    Duration age = Duration.between(last.at(), clock.instant());
    if (age.compareTo(undoWindow) > 0) {
      throw ApiException.conflict(
          "the undo window of "
              + undoWindow.toSeconds()
              + " s has passed (the answer is "
              + age.toSeconds()
              + " s old)");
    }
    ObjectNode o = FeedbackJson.mapper().createObjectNode();
    o.put("op", "undo");
    o.put("task", last.taskId());
    o.put("reviewer", name);
    o.put("receipt", last.receipt());
    o.put("at", clock.instant().toString());
    journal(o);
    item.active.remove(name);
    lastByReviewer.remove(name);
    // the next task is drawn afresh, so the reviewer is shown the item they took back (the oldest
    // open one)
    current.remove(name);
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("taskId", last.taskId());
    r.put("receipt", last.receipt());
    r.put("undone", true);
    return r;
  }

  /** Done today (in the clock's zone, gold included), what is left for the reviewer, and the total. */
  synchronized ObjectNode progress(Reviewer reviewer) {
    String name = reviewer.name();
    LocalDate today = LocalDate.now(clock);
    long done = 0;
    for (Item item : items.values()) {
      Submission s = item.active.get(name);
      if (s != null && LocalDate.ofInstant(s.at(), clock.getZone()).equals(today)) {
        done++;
      }
    }
    long remaining = 0;
    for (ReviewTask t : tasks.values()) {
      if (open(t.id(), name)) {
        remaining++;
      }
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("reviewer", name);
    o.put("doneToday", done);
    o.put("remaining", remaining);
    o.put("total", done + remaining);
    return o;
  }

  // ---- the lead's side

  synchronized ObjectNode stats() {
    ensureOpen();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    Instant now = clock.instant();
    LocalDate today = LocalDate.now(clock);
    ArrayNode people = o.putArray("reviewers");
    for (Reviewer r : reviewers.values()) {
      long total = 0;
      long todayCount = 0;
      long lastHour = 0;
      long goldAnswered = 0;
      long goldCorrect = 0;
      for (Item item : items.values()) {
        Submission s = item.active.get(r.name());
        if (s == null) {
          continue;
        }
        total++;
        todayCount += LocalDate.ofInstant(s.at(), clock.getZone()).equals(today) ? 1 : 0;
        lastHour += Duration.between(s.at(), now).compareTo(Duration.ofHours(1)) <= 0 ? 1 : 0;
        if (s.gold()) {
          goldAnswered++;
          goldCorrect += s.goldCorrect() ? 1 : 0;
        }
      }
      ObjectNode p = people.addObject();
      p.put("name", r.name());
      p.put("role", r.role().name());
      p.put("submissions", total);
      p.put("today", todayCount);
      p.put("lastHour", lastHour);
      p.put("goldAnswered", goldAnswered);
      p.put("goldCorrect", goldCorrect);
      if (goldAnswered > 0) {
        p.put("goldAccuracy", (double) goldCorrect / goldAnswered);
      } else {
        p.putNull("goldAccuracy");
      }
      p.put(
          "flagged",
          goldAnswered >= goldMinAnswers
              && (double) goldCorrect / goldAnswered < goldAccuracyThreshold);
    }
    ObjectNode counts = o.putObject("items");
    counts.put("pending", tasks.size());
    counts.put("completed", completedOrder.size());
    counts.put("minSubmitted", minSubmitted);
    ObjectNode agreement = o.putObject("agreement");
    for (FeedbackKind kind : FeedbackKind.values()) {
      agreement(kind).ifPresent(a -> agreement.set(kind.name(), a));
    }
    return o;
  }

  private Optional<ObjectNode> agreement(FeedbackKind kind) {
    List<String> raters = new ArrayList<>(new TreeSet<>(reviewers.keySet()));
    // per unit, the label of each rater (null = missing)
    List<List<Feedback>> units = new ArrayList<>();
    for (Map.Entry<String, Item> e : items.entrySet()) {
      if (gold.containsKey(e.getKey()) || e.getValue().active.size() < 2) {
        continue;
      }
      Submission any = e.getValue().active.values().iterator().next();
      if (kindOf(any.label()) != kind) {
        continue;
      }
      List<Feedback> row = new ArrayList<>();
      for (String r : raters) {
        Submission s = e.getValue().active.get(r);
        row.add(s == null ? null : s.label());
      }
      units.add(row);
    }
    if (units.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("units", units.size());
    int n = units.size();
    if (kind == FeedbackKind.PAIRWISE || kind == FeedbackKind.BINARY) {
      int k = kind == FeedbackKind.PAIRWISE ? 4 : 2;
      o.put("categories", k);
      // Fleiss' κ over the units rated by exactly minSubmitted reviewers (it needs the same count
      // per unit)
      int m = Math.max(2, minSubmitted);
      List<int[]> counts = new ArrayList<>();
      for (List<Feedback> row : units) {
        if (row.stream().filter(x -> x != null).count() == m) {
          int[] c = new int[k];
          row.stream().filter(x -> x != null).forEach(x -> c[code(x)]++);
          counts.add(c);
        }
      }
      o.set(
          "fleissKappa",
          interval(
              () ->
                  FleissKappa.withInterval(
                      counts.toArray(new int[0][]), resamples, level, random)));
      ArrayNode cohen = o.putArray("cohenKappa");
      for (int a = 0; a < raters.size(); a++) {
        for (int b = a + 1; b < raters.size(); b++) {
          List<int[]> pairs = new ArrayList<>();
          for (List<Feedback> row : units) {
            if (row.get(a) != null && row.get(b) != null) {
              pairs.add(new int[] {code(row.get(a)), code(row.get(b))});
            }
          }
          if (pairs.size() < 2) {
            continue;
          }
          int[] r1 = pairs.stream().mapToInt(x -> x[0]).toArray();
          int[] r2 = pairs.stream().mapToInt(x -> x[1]).toArray();
          ObjectNode c = cohen.addObject();
          c.put("a", raters.get(a));
          c.put("b", raters.get(b));
          c.put("units", pairs.size());
          c.set(
              "kappa",
              interval(
                  () ->
                      CohenKappa.withInterval(
                          r1, r2, k, Weighting.NONE, resamples, level, random)));
        }
      }
      double[][] data =
          matrix(
              raters.size(),
              n,
              (r, u) -> units.get(u).get(r) == null ? Double.NaN : code(units.get(u).get(r)));
      o.set(
          "krippendorffAlpha",
          interval(
              () ->
                  KrippendorffAlpha.withInterval(
                      data, KrippendorffAlpha.Metric.NOMINAL, resamples, level, random)));
    } else if (kind == FeedbackKind.RATING) {
      double[][] data =
          matrix(
              raters.size(),
              n,
              (r, u) ->
                  units.get(u).get(r) == null
                      ? Double.NaN
                      : ((Rating) units.get(u).get(r)).value());
      o.set(
          "krippendorffAlpha",
          interval(
              () ->
                  KrippendorffAlpha.withInterval(
                      data, KrippendorffAlpha.Metric.INTERVAL, resamples, level, random)));
    } else {
      // a ranking's units are its (item, candidate) positions, compared on the ordinal metric
      List<double[]> cols = new ArrayList<>();
      for (List<Feedback> row : units) {
        Ranking first = (Ranking) row.stream().filter(x -> x != null).findFirst().orElseThrow();
        for (int c = 0; c < first.candidates().size(); c++) {
          double[] col = new double[raters.size()];
          for (int r = 0; r < raters.size(); r++) {
            Ranking rk = (Ranking) row.get(r);
            col[r] = rk == null ? Double.NaN : rk.order().indexOf(c);
          }
          cols.add(col);
        }
      }
      double[][] data = matrix(raters.size(), cols.size(), (r, u) -> cols.get(u)[r]);
      o.set(
          "krippendorffAlpha",
          interval(
              () ->
                  KrippendorffAlpha.withInterval(
                      data, KrippendorffAlpha.Metric.ORDINAL, resamples, level, random)));
    }
    return Optional.of(o);
  }

  /**
   * The items (gold excluded) whose reviewers disagree, by task id: pairwise outcomes or binary verdicts not all the
   * same, ratings more than {@link GoldItem#RATING_TOLERANCE} apart, rankings not all identical. For the lead only: it
   * shows each reviewer's answer.
   */
  synchronized ObjectNode disagreements() {
    ensureOpen();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode list = o.putArray("items");
    for (String id : new TreeSet<>(items.keySet())) {
      Item item = items.get(id);
      if (gold.containsKey(id) || item.active.size() < 2 || !disagree(item)) {
        continue;
      }
      ObjectNode x = list.addObject();
      x.put("taskId", id);
      x.put("kind", kindOf(item.active.values().iterator().next().label()).name());
      x.put("completed", item.completed);
      ReviewTask task = tasks.get(id);
      if (task != null) {
        describe(task.request(), x);
      }
      ArrayNode answers = x.putArray("answers");
      item.active.forEach(
          (reviewer, sub) -> {
            ObjectNode a = answers.addObject();
            a.put("reviewer", reviewer);
            a.set("order", sub.canonical().get("order"));
            a.set("answer", sub.canonical().get("answer"));
          });
      if (item.completed) {
        queue.answer(id).ifPresent(l -> x.set("label", FeedbackJson.toJson(l)));
      }
    }
    return o;
  }

  /**
   * What the dashboard needs to settle an item itself: the prompt's turns (role, content: a trace's steps among
   * them), the candidates in the request's order (index, text), the number of assistant turns, and for a rating the
   * scale and the rubric's criteria.
   */
  private void describe(FeedbackRequest r, ObjectNode x) {
    ArrayNode turns = x.putArray("prompt");
    for (Message m : r.prompt().messages()) {
      ObjectNode turn = turns.addObject();
      turn.put("role", m.role().name().toLowerCase(Locale.ROOT));
      turn.put("content", m.content());
    }
    ArrayNode cs = x.putArray("candidates");
    for (int i = 0; i < r.candidates().size(); i++) {
      ObjectNode c = cs.addObject();
      c.put("index", i);
      c.put("text", r.candidates().get(i).text());
    }
    x.put("steps", Answer.assistantTurns(r));
    if (r.scale() != null) {
      ObjectNode sc = x.putObject("scale");
      sc.put("min", r.scale().min());
      sc.put("max", r.scale().max());
      ArrayNode crit = x.putArray("rubric");
      rubric.criteria().forEach(crit::add);
    }
  }

  private static boolean disagree(Item item) {
    List<Feedback> labels = new ArrayList<>();
    item.active.values().forEach(sub -> labels.add(sub.label()));
    Feedback first = labels.get(0);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Feedback l : labels) {
      if (l instanceof Rating r) {
        lo = Math.min(lo, r.value());
        hi = Math.max(hi, r.value());
      } else if (l instanceof Ranking r) {
        if (!r.order().equals(((Ranking) first).order())) {
          return true;
        }
      } else if (code(l) != code(first)) {
        return true;
      }
    }
    return hi - lo > GoldItem.RATING_TOLERANCE;
  }

  private interface Cell {
    double at(int rater, int unit);
  }

  private static double[][] matrix(int raters, int units, Cell cell) {
    double[][] d = new double[raters][units];
    for (int r = 0; r < raters; r++) {
      for (int u = 0; u < units; u++) {
        d[r][u] = cell.at(r, u);
      }
    }
    return d;
  }

  private interface Estimate {
    ConfidenceInterval get();
  }

  private static JsonNode interval(Estimate e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    try {
      ConfidenceInterval ci = e.get();
      o.put("estimate", ci.estimate());
      o.put("lower", ci.lower());
      o.put("upper", ci.upper());
      o.put("level", ci.level());
    } catch (IllegalArgumentException ex) {
      o.putNull("estimate");
      o.put("reason", ex.getMessage());
    }
    return o;
  }

  private static FeedbackKind kindOf(Feedback f) {
    if (f instanceof PairwiseComparison) {
      return FeedbackKind.PAIRWISE;
    }
    if (f instanceof Ranking) {
      return FeedbackKind.RANKING;
    }
    if (f instanceof Rating) {
      return FeedbackKind.RATING;
    }
    return FeedbackKind.BINARY;
  }

  /** Category code: pairwise A, B, TIE, BOTH_BAD = 0..3 (A and B as stored: Answer keeps the request's order). */
  private static int code(Feedback f) {
    if (f instanceof PairwiseComparison p) {
      return p.outcome().ordinal();
    }
    return ((BinaryLabel) f).desirable() ? 1 : 0;
  }

  /** Writes the completed items' labels, in completion order, through core's JSONL writers. */
  ExportSummary export(Path file, DataFormat format) {
    Map<String, Feedback> labels = new LinkedHashMap<>();
    synchronized (this) {
      for (String id : completedOrder) {
        queue.answer(id).ifPresent(f -> labels.put(id, f));
      }
    }
    return PreferenceExporter.standard().export(labels, file, format);
  }

  synchronized int completedCount() {
    return completedOrder.size();
  }

  // ---- journal

  /** Writes a line and waits for its sync (undo: rare, so it waits holding the desk's lock). */
  private void journal(ObjectNode o) {
    answers.awaitDurable(answers.append(line(o)));
  }

  private static byte[] line(ObjectNode o) {
    return (FeedbackJson.line(o) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Number of answers-journal syncs so far (tests). */
  long journalSyncs() {
    return answers.syncs();
  }

  private static ObjectNode encode(Submission s) {
    ObjectNode o = FeedbackJson.mapper().createObjectNode();
    o.put("op", "submit");
    o.put("receipt", s.receipt());
    o.put("task", s.taskId());
    o.put("reviewer", s.reviewer());
    o.put("at", s.at().toString());
    o.put("gold", s.gold());
    o.put("gold_correct", s.goldCorrect());
    o.set("answer", s.canonical());
    o.set("label", FeedbackJson.toJson(s.label()));
    return o;
  }

  private static Submission decode(JsonNode n) {
    JsonNode c = n.get("answer");
    List<Integer> order = new ArrayList<>();
    c.get("order").forEach(x -> order.add(x.asInt()));
    return new Submission(
        n.get("receipt").asLong(),
        n.get("task").asText(),
        n.get("reviewer").asText(),
        FeedbackJson.fromJson(n.get("label")),
        order,
        c.get("aiSuggestionShown").asBoolean(),
        c,
        Instant.parse(n.get("at").asText()),
        n.get("gold").asBoolean(),
        n.get("gold_correct").asBoolean());
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the review desk on " + answersFile + " is closed");
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        answers.close();
      } finally {
        queue.close();
      }
    }
  }
}
