package dev.align4j.review;

import com.sun.net.httpserver.HttpServer;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.check.Require;
import dev.align4j.core.data.DataFormat;
import dev.align4j.core.label.Feedback;
import dev.align4j.feedback.export.ExportSummary;
import dev.align4j.feedback.route.HumanReviewQueue;
import dev.align4j.feedback.route.ReviewTask;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.feedback.store.GroupCommitJournal;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embeddable human-review server: a {@link HumanReviewQueue} backed by the durable {@link FeedbackStore} (plug it
 * into {@code HybridRouter} as the human side) and a JSON API on the JDK's {@code com.sun.net.httpserver} for the
 * review page — no servlet container, no extra dependency. The request handling is {@link ReviewApi}, independent of
 * the transport.
 *
 * <p>Overlap: an item completes after {@code minSubmitted} reviewers answered it (Argilla's {@code min_submitted},
 * default 1); its label is their consensus ({@code Consensus}: plurality with ties to {@code TIE}, mean rating, Borda
 * ranking). A reviewer's answer is acknowledged only once it is on disk; a completed item's label is appended to the
 * store, then the queue's stage completes. Closing and building again on the same files resumes: pending tasks are
 * pending, answered ones answered, answers given are kept.
 *
 * <p>Threads: request handlers run on the caller's {@link Executor}; the JDK server adds its one dispatcher thread,
 * which only accepts connections and hands exchanges to that executor. Files: the store (the caller's, not closed by
 * this server), a task journal, an answers journal and the hand-over journal beside it
 * ({@code <store file>.review-queue.jsonl}, {@code <store file>.review-answers.jsonl},
 * {@code <store file>.review-handover.jsonl}, or in {@link Builder#journalDirectory}).
 */
public final class ReviewServer implements HumanReviewQueue, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewServer.class);

  private final ReviewDesk desk;
  private final ReviewApi api;
  private final Sessions sessions;
  private final InetAddress bindAddress;
  private final int port;
  private final Executor executor;
  private final int backlog;
  private final HandOverHistory handOver;
  private final boolean ownsHandOver;
  private @Nullable HttpServer http;
  private boolean closed;

  private ReviewServer(Builder b, FeedbackStore store) {
    Path dir =
        b.journalDirectory != null ? b.journalDirectory : store.file().toAbsolutePath().getParent();
    String base = store.file().getFileName().toString();
    this.desk =
        new ReviewDesk(
            b,
            store,
            dir.resolve(base + ".review-queue.jsonl"),
            dir.resolve(base + ".review-answers.jsonl"));
    this.sessions = new Sessions(b.sessionRandom, b.clock, b.sessionIdleTimeout, b.sessionMaxAge);
    this.ownsHandOver = b.handOver == null;
    try {
      this.handOver =
          b.handOver != null
              ? b.handOver
              : HandOverHistory.builder()
                  .clock(b.clock)
                  .journal(dir.resolve(base + ".review-handover.jsonl"))
                  .build();
    } catch (RuntimeException e) {
      try {
        desk.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    this.api = new ReviewApi(desk, sessions, b, handOver);
    this.bindAddress = b.bindAddress;
    this.port = b.port;
    this.executor = Require.nonNull("executor", b.executor);
    this.backlog = b.backlog;
  }

  /** A builder; {@code store}, {@code executor} and at least one reviewer are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The hand-over recorder the lead's dashboard draws ({@code GET /api/lead/handover}): register it on the router,
   * {@code HybridRouter.builder().humans(server).listener(server.handOver())}. The builder's (which the caller
   * owns and closes), or one with the defaults, the server's clock and the journal
   * {@code <store file>.review-handover.jsonl} beside the other journals, closed with the server: closing and building
   * again on the same files serves the same series.
   */
  public HandOverHistory handOver() {
    return handOver;
  }

  /** The transport-independent request handler (for a servlet or Spring adapter, or tests without sockets). */
  public ReviewApi api() {
    return api;
  }

  /**
   * Binds the HTTP server and starts accepting requests.
   *
   * @return the bound address (with the port chosen when the builder's port was 0)
   * @throws IllegalStateException when already started or closed
   * @throws UncheckedIOException when the address cannot be bound
   */
  public synchronized InetSocketAddress start() {
    if (closed || http != null) {
      throw new IllegalStateException(
          "the review server is already " + (closed ? "closed" : "started"));
    }
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(bindAddress, port), backlog);
      s.createContext("/", new JdkHttpAdapter(api));
      s.setExecutor(executor);
      s.start();
      http = s;
      LOG.info("review server listening on {}", s.getAddress());
      return s.getAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot bind the review server to " + bindAddress + ":" + port, e);
    }
  }

  /** The bound address, once started. */
  public synchronized Optional<InetSocketAddress> address() {
    return http == null ? Optional.empty() : Optional.of(http.getAddress());
  }

  /** Stops accepting requests (exchanges in progress are cut); the queue stays usable until {@link #close}. */
  public synchronized void stop() {
    if (http != null) {
      http.stop(0);
      http = null;
      LOG.info("review server stopped");
    }
  }

  /**
   * Stops the HTTP server and closes the journals, the hand-over history's too when the server made it (not the
   * store, which the caller owns). Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    stop();
    closed = true;
    try {
      desk.close();
    } finally {
      if (ownsHandOver) {
        handOver.close();
      }
    }
  }

  // ---- HumanReviewQueue

  @Override
  public CompletionStage<Feedback> enqueue(ReviewTask task) {
    Require.nonNull("task", task);
    return desk.enqueue(task);
  }

  @Override
  public List<ReviewTask> pending() {
    return desk.pending();
  }

  /**
   * Records a final label given from Java (an adjudication or an import), bypassing overlap: it is appended to the
   * store and the task completes.
   */
  @Override
  public boolean submit(String requestId, Feedback label) {
    Require.nonBlank("requestId", requestId);
    Require.nonNull("label", label);
    return desk.submitFinal(requestId, label);
  }

  @Override
  public Optional<Feedback> answer(String requestId) {
    return desk.answer(requestId);
  }

  /** Writes the completed items' labels in {@code format} through core's JSONL writers, as the export endpoint does. */
  public ExportSummary export(Path file, DataFormat format) {
    Require.nonNull("file", file);
    Require.nonNull("format", format);
    return desk.export(file, format);
  }

  /** Number of completed items. */
  public int completedCount() {
    return desk.completedCount();
  }

  @Override
  public synchronized String toString() {
    return "ReviewServer["
        + (http == null ? "not listening" : http.getAddress())
        + ", pending="
        + desk.pending().size()
        + ", completed="
        + desk.completedCount()
        + "]";
  }

  /**
   * Configures a {@link ReviewServer}. Defaults and where they come from are listed per setter and in the module
   * README.
   */
  public static final class Builder {
    @Nullable FeedbackStore store;
    @Nullable Executor executor;
    @Nullable Path journalDirectory;
    @Nullable Path exportDirectory;
    InetAddress bindAddress = InetAddress.getLoopbackAddress();
    int port;
    int backlog;
    Clock clock = Clock.systemUTC();
    RandomGenerator random = new SplittableRandom();
    RandomGenerator sessionRandom = new SecureRandom();
    final List<Reviewer> reviewers = new ArrayList<>();
    final List<GoldItem> gold = new ArrayList<>();
    int minSubmitted = 1;
    Duration undoWindow = Duration.ofSeconds(60);
    double goldRate = 0.1;
    double goldAccuracyThreshold = 0.7;
    int goldMinAnswers = 5;
    boolean showAiSuggestions;
    Rubric rubric = Rubric.DEFAULT;
    String guideline = "";
    int maxBodyBytes = 64 * 1024;
    boolean secureCookie;
    Duration sessionIdleTimeout = Duration.ofMinutes(30);
    Duration sessionMaxAge = Duration.ofHours(8);
    int bootstrapResamples = 1000;
    double intervalLevel = 0.95;
    @Nullable HandOverHistory handOver;
    int loginFreeFailures = 5;
    Duration loginBackoffBase = Duration.ofSeconds(1);
    Duration loginBackoffMax = Duration.ofMinutes(15);
    int loginTrackedAddresses = 10_000;

    /** How the answers journal is forced to disk; tests replace it to count or fail syncs. */
    GroupCommitJournal.Sync journalSync = GroupCommitJournal.Sync.FORCE_DATA;

    private Builder() {}

    /**
     * The hand-over recorder to serve, owned and closed by the caller (default: one with its defaults, this builder's
     * clock and the journal {@code <store file>.review-handover.jsonl}, closed with the server).
     */
    public Builder handOver(HandOverHistory history) {
      this.handOver = Require.nonNull("history", history);
      return this;
    }

    /**
     * Failed-login back-off per client address: {@code freeFailures} wrong tokens are free, then each further one
     * locks the address out for {@code base · 2^(k−1)} (k = failures over the free ones), at most {@code max}.
     * Defaults 5, 1 s and 15 min (see the README for where they come from).
     */
    public Builder loginBackoff(int freeFailures, Duration base, Duration max) {
      Require.argument(freeFailures >= 0, "freeFailures must be >= 0, was %d", freeFailures);
      Require.nonNull("base", base);
      Require.nonNull("max", max);
      Require.argument(!base.isNegative() && !base.isZero(), "base must be positive, was %s", base);
      Require.argument(max.compareTo(base) >= 0, "max must be >= base (%s), was %s", base, max);
      this.loginFreeFailures = freeFailures;
      this.loginBackoffBase = base;
      this.loginBackoffMax = max;
      return this;
    }

    /** Client addresses the login back-off tracks at most (default 10,000, under a MiB). */
    public Builder loginTrackedAddresses(int addresses) {
      this.loginTrackedAddresses = Require.positive("addresses", addresses);
      return this;
    }

    /** The durable store completed labels are appended to (required; the caller opens and closes it). */
    public Builder store(FeedbackStore store) {
      this.store = Require.nonNull("store", store);
      return this;
    }

    /** Runs the request handlers (required: the server starts no thread pool of its own). */
    public Builder executor(Executor executor) {
      this.executor = Require.nonNull("executor", executor);
      return this;
    }

    /** Where the task, answers and hand-over journals live; default the store file's folder. */
    public Builder journalDirectory(Path dir) {
      this.journalDirectory = Require.nonNull("dir", dir);
      return this;
    }

    /** Where export files are written before they are sent; default the system's temporary folder. */
    public Builder exportDirectory(Path dir) {
      this.exportDirectory = Require.nonNull("dir", dir);
      return this;
    }

    /** The address to bind; default the loopback address, so nothing is reachable from another machine. */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Require.nonNull("address", address);
      return this;
    }

    /** The port; default 0, a free port chosen by the OS ({@link #start()} returns it). */
    public Builder port(int port) {
      this.port = Require.inClosedRange("port", port, 0, 65_535);
      return this;
    }

    /** The listen backlog; default 0, the JDK's default. */
    public Builder backlog(int backlog) {
      this.backlog = Require.nonNegative("backlog", backlog);
      return this;
    }

    /** The clock for answer times, undo windows, "today" (in the clock's zone) and sessions; default UTC. */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull("clock", clock);
      return this;
    }

    /**
     * The generator for the presentation order, gold sampling and bootstrap intervals; default an unseeded
     * {@link SplittableRandom} (pass a seeded one for reproducible runs).
     */
    public Builder random(RandomGenerator random) {
      this.random = Require.nonNull("random", random);
      return this;
    }

    /** The generator for session ids and CSRF tokens; default a {@link SecureRandom}. Tests only may pass another. */
    public Builder sessionRandom(RandomGenerator random) {
      this.sessionRandom = Require.nonNull("random", random);
      return this;
    }

    /** Adds a reviewer account (names must be distinct). */
    public Builder reviewer(Reviewer reviewer) {
      Require.nonNull("reviewer", reviewer);
      for (Reviewer r : reviewers) {
        Require.argument(
            !r.name().equals(reviewer.name()),
            "reviewer names must be distinct, %s is there twice",
            reviewer.name());
      }
      reviewers.add(reviewer);
      return this;
    }

    /**
     * How many reviewers answer each item before it completes; default 1, the default of Argilla's
     * {@code min_submitted} task distribution setting.
     */
    public Builder minSubmitted(int n) {
      this.minSubmitted = Require.positive("minSubmitted", n);
      return this;
    }

    /**
     * How long a reviewer may take back the last answer (only while its item is not complete); default 60 s: enough
     * to notice a slip after the next task has appeared, short enough that an item's completion waits little.
     */
    public Builder undoWindow(Duration window) {
      Require.nonNull("window", window);
      Require.argument(!window.isNegative(), "undoWindow must not be negative, was %s", window);
      this.undoWindow = window;
      return this;
    }

    /** Adds a gold item: a request with a known answer, its id distinct from every queued task's. */
    public Builder gold(FeedbackRequest request, Feedback expected) {
      Require.nonNull("request", request);
      Require.nonNull("expected", expected);
      for (GoldItem g : gold) {
        Require.argument(
            !g.request().id().equals(request.id()),
            "gold item ids must be distinct, %s is there twice",
            request.id());
      }
      gold.add(new GoldItem(request, expected));
      return this;
    }

    /**
     * The probability that a reviewer's next task is a gold item they have not answered yet; default 0.1 (one task
     * in ten: a measured accuracy after a few dozen tasks, at a cost of a tenth of the reviewing time).
     */
    public Builder goldRate(double rate) {
      this.goldRate = Require.probability("goldRate", rate);
      return this;
    }

    /**
     * A reviewer whose gold accuracy is below {@code threshold} after at least {@code minAnswers} gold answers is
     * flagged to the lead; default 0.7 after 5 (a reviewer wrong on more than 3 in 10 known answers needs a look; fewer
     * than 5 answers say too little).
     */
    public Builder goldFlag(double threshold, int minAnswers) {
      this.goldAccuracyThreshold = Require.probability("threshold", threshold);
      this.goldMinAnswers = Require.positive("minAnswers", minAnswers);
      return this;
    }

    /**
     * Whether a task's AI suggestion (the judge's label) is sent with it; default false, as people anchor on a shown
     * suggestion. The page records whether it showed it with each answer.
     */
    public Builder showAiSuggestions(boolean show) {
      this.showAiSuggestions = show;
      return this;
    }

    /** The criteria rating tasks are scored on; default {@link Rubric#DEFAULT}. */
    public Builder rubric(Rubric rubric) {
      this.rubric = Require.nonNull("rubric", rubric);
      return this;
    }

    /** The annotation guideline shown beside each task (plain text); default none. */
    public Builder guideline(String guideline) {
      this.guideline = Require.nonNull("guideline", guideline);
      return this;
    }

    /**
     * The largest request body accepted; default 64 KiB (a submission with a long rationale is a few KiB; larger
     * bodies are refused with 413 before they are parsed).
     */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = Require.positive("maxBodyBytes", bytes);
      return this;
    }

    /** Whether the session cookie carries {@code Secure}; default false (plain HTTP on loopback). Set it behind TLS. */
    public Builder secureCookie(boolean secure) {
      this.secureCookie = secure;
      return this;
    }

    /**
     * Session lifetimes; default 30 minutes idle and 8 hours absolute (OWASP Session Management Cheat Sheet's ranges
     * for a low-risk application and a working day).
     */
    public Builder sessionTimeouts(Duration idle, Duration maxAge) {
      Require.nonNull("idle", idle);
      Require.nonNull("maxAge", maxAge);
      Require.argument(!idle.isNegative() && !idle.isZero(), "idle must be positive, was %s", idle);
      Require.argument(
          !maxAge.isNegative() && !maxAge.isZero(), "maxAge must be positive, was %s", maxAge);
      this.sessionIdleTimeout = idle;
      this.sessionMaxAge = maxAge;
      return this;
    }

    /** Bootstrap resamples and level of the agreement intervals; default 1000 and 0.95. */
    public Builder intervals(int resamples, double level) {
      this.bootstrapResamples = Require.positive("resamples", resamples);
      this.intervalLevel = Require.inOpenRange("level", level, 0, 1);
      return this;
    }

    /**
     * Opens the journals (replaying them) and builds the server, not yet listening.
     *
     * @throws IllegalArgumentException when the store, the executor or the reviewers are missing
     */
    public ReviewServer build() {
      Require.argument(store != null, "store must be set");
      Require.argument(
          executor != null, "executor must be set: the server runs no threads of its own");
      Require.argument(!reviewers.isEmpty(), "at least one reviewer must be configured");
      return new ReviewServer(this, store);
    }
  }
}
