package dev.align4j.feedback.route;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.feedback.calibration.UndecidedBand;
import dev.align4j.feedback.event.FeedbackEvent;
import dev.align4j.feedback.event.FeedbackListener;
import dev.align4j.feedback.http.CircuitOpenException;
import dev.align4j.feedback.judge.JudgeAttributes;
import dev.align4j.feedback.store.FeedbackStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FeedbackSource} that decides per request whether the AI label is final, a human labels it, or both do —
 * so AI judges take over step by step as they prove themselves, and the human check never goes away.
 *
 * <p>Per request, in this order:
 *
 * <ol>
 *   <li>a request whose {@code categoryKey} metadata is one of the {@code humanCategories} goes to a human, without
 *       asking the AI ({@link RoutingReason#CATEGORY});
 *   <li>the AI source is asked; if it fails, a human labels the item ({@code AI_FAILED});
 *   <li>with probability {@code auditFraction} (seeded) the item is audited: both label it, the human label is final,
 *       and the pair updates the judge's agreement estimate ({@code AUDIT});
 *   <li>otherwise the AI label is final only if it is order-consistent ({@link JudgeAttributes#ORDER_CONSISTENT}),
 *       not injection-flagged, outside the judge's undecided band ({@link UndecidedBand}: the judge abstains where
 *       its calibration curve shows it is not accurate enough; pairwise and binary labels with a soft label), confident
 *       ({@code |p − ½| ≥ confidenceThreshold}) and the judge's Cohen's κ with humans on the request's slice is at
 *       least {@code minKappa} over at least {@code minAgreementSamples} pairs ({@code TRUSTED}); else a human labels
 *       it ({@code INCONSISTENT}, {@code INJECTION_FLAGGED}, {@code UNDECIDED}, {@code LOW_CONFIDENCE},
 *       {@code UNCALIBRATED}).
 * </ol>
 *
 * <p>The agreement estimate is updated from audits and from {@code UNCALIBRATED} items (which passed every other
 * check, so they are the very population the AI would handle) — so the AI share grows as agreement is shown. Items
 * routed for low confidence, for the undecided band or for inconsistency are not used: they are the hard cases and
 * would bias κ downwards.
 *
 * <p>Budget: {@code humanBudget} caps the <em>optional</em> human work — audits stop when it is spent. Items that must
 * go to a human still do (nothing is ever dropped or auto-labelled to save money); they are counted and logged as
 * over budget.
 *
 * <p>Nothing is lost or duplicated: concurrent requests with one id share one stage (one AI call, at most one human
 * task, one {@code ItemCompleted} event) and every caller receives the same label, under any interleaving; with a
 * {@link FeedbackStore} every final label is appended once (idempotent by request id) and a request already stored is
 * answered from it, so an id is labelled once for the life of the store. Without a store the router remembers only
 * the ids in flight: a request for an id whose stage has finished starts a new stage. Events go to the listeners
 * ({@link FeedbackEvent}).
 */
public final class HybridRouter implements FeedbackSource {
  /** The slice of requests without the slice key. */
  public static final String DEFAULT_SLICE = "default";

  private final FeedbackSource ai;
  private final HumanReviewQueue humans;
  private final double confidenceThreshold;
  private final UndecidedBand undecidedBand;
  private final double minKappa;
  private final double auditFraction;
  private final Set<String> humanCategories;
  private final String categoryKey;
  private final Function<FeedbackRequest, String> slicer;
  private final RandomGenerator random;
  private final Clock clock;
  private final List<FeedbackListener> listeners;
  private final long humanBudget;
  private final @Nullable FeedbackStore store;
  private final AgreementTracker agreement;
  private final boolean showAiSuggestion;
  private final Logger log;

  private final ConcurrentHashMap<String, CompletableFuture<Feedback>> inFlight =
      new ConcurrentHashMap<>();
  private final Map<Route, Long> byRoute = new EnumMap<>(Route.class);
  private final Map<RoutingReason, Long> byReason = new EnumMap<>(RoutingReason.class);
  private final Map<String, Boolean> trustedSlices = new ConcurrentHashMap<>();
  private long humanUsed;
  private long aiFailures;
  private long aiRejectedByOpenCircuit;
  private Duration aiDownBefore = Duration.ZERO;
  private @Nullable Instant aiFailingSince;
  private @Nullable Throwable lastAiFailure;

  private HybridRouter(Builder b) {
    this.ai = Require.nonNull("ai", b.ai);
    this.humans = Require.nonNull("humans", b.humans);
    this.confidenceThreshold = b.confidenceThreshold;
    this.undecidedBand = b.undecidedBand;
    this.minKappa = b.minKappa;
    this.auditFraction = b.auditFraction;
    this.humanCategories = Set.copyOf(b.humanCategories);
    this.categoryKey = b.categoryKey;
    this.slicer =
        b.slicer != null ? b.slicer : r -> r.metadata().getOrDefault(b.categoryKey, DEFAULT_SLICE);
    this.random = b.random;
    this.clock = b.clock;
    this.listeners = List.copyOf(b.listeners);
    this.humanBudget = b.humanBudget;
    this.store = b.store;
    this.agreement = new AgreementTracker(b.agreementWindow, b.minAgreementSamples);
    this.showAiSuggestion = b.showAiSuggestion;
    this.log = b.logger;
  }

  /** A builder; {@code ai} and {@code humans} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The agreement estimates. */
  public AgreementTracker agreement() {
    return agreement;
  }

  /**
   * Counts so far, and the AI side's failures: how many AI requests failed (each item was routed to a human), how
   * many of them were rejected by an open circuit breaker, how long the AI side has been failing in total and since
   * when it is failing now, and the last failure with its cause chain. Readable without any logging binding.
   */
  public synchronized RouterStats stats() {
    Duration down =
        aiFailingSince == null
            ? aiDownBefore
            : aiDownBefore.plus(Duration.between(aiFailingSince, clock.instant()));
    return new RouterStats(
        byRoute,
        byReason,
        humanUsed,
        aiFailures,
        aiRejectedByOpenCircuit,
        down,
        aiFailingSince,
        lastAiFailure);
  }

  /**
   * Labels {@code request}. Exactly one stage runs per id at a time, and with a store exactly one per id ever: a
   * request whose id is stored is answered from the store; otherwise the caller claims the id (concurrent callers of
   * a claimed id share its stage) and, holding the claim, checks the store again — a stage that finished between the
   * first check and the claim has already appended its label (a stage appends before it releases its claim), so the
   * second check finds it. Every caller of one id therefore receives the same label.
   */
  @Override
  public CompletionStage<Feedback> request(FeedbackRequest request) {
    Require.nonNull("request", request);
    String id = request.id();
    if (store != null && store.contains(id)) {
      return CompletableFuture.completedFuture(stored(id));
    }
    CompletableFuture<Feedback> mine = new CompletableFuture<>();
    CompletableFuture<Feedback> existing = inFlight.putIfAbsent(id, mine);
    if (existing != null) {
      return existing;
    }
    mine.whenComplete((f, e) -> inFlight.remove(id, mine));
    try {
      if (store != null && store.contains(id)) {
        mine.complete(stored(id));
        return mine;
      }
      start(request)
          .whenComplete(
              (f, e) -> {
                if (e != null) {
                  mine.completeExceptionally(e);
                } else {
                  mine.complete(f);
                }
              });
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
    }
    return mine;
  }

  private Feedback stored(String id) {
    return Objects.requireNonNull(store)
        .find(id)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "store " + store.file() + " reports request " + id + " but has no label"));
  }

  private CompletionStage<Feedback> start(FeedbackRequest request) {
    String slice = slicer.apply(request);
    String category = request.metadata().get(categoryKey);
    if (category != null && humanCategories.contains(category)) {
      return toHuman(
          request,
          new RoutingDecision(Route.HUMAN, RoutingReason.CATEGORY, slice, null, null),
          null);
    }
    CompletionStage<Feedback> aiStage;
    try {
      aiStage = ai.request(request);
    } catch (RuntimeException e) {
      aiStage = CompletableFuture.failedFuture(e);
    }
    return aiStage
        .<CompletionStage<Feedback>>handle(
            (label, error) -> {
              if (error != null) {
                aiFailed(request, unwrap(error));
                return toHuman(
                    request,
                    new RoutingDecision(Route.HUMAN, RoutingReason.AI_FAILED, slice, null, null),
                    null);
              }
              try {
                request.requireAnsweredBy(label);
              } catch (IllegalArgumentException wrongAnswer) {
                // an answer about another question is a failed AI call: never stored, never counted
                // towards agreement
                aiFailed(
                    request,
                    new IllegalStateException(
                        "the AI source "
                            + ai
                            + " answered request "
                            + request.id()
                            + " with a label about something else",
                        wrongAnswer));
                return toHuman(
                    request,
                    new RoutingDecision(Route.HUMAN, RoutingReason.AI_FAILED, slice, null, null),
                    null);
              }
              aiAnswered();
              emit(new FeedbackEvent.LabelSubmitted(request.id(), label, clock.instant()));
              boolean audit;
              synchronized (this) {
                audit = random.nextDouble() < auditFraction && humanUsed < humanBudget;
              }
              RoutingDecision d = decide(request, label);
              if (audit) {
                return toHuman(
                    request,
                    new RoutingDecision(
                        Route.BOTH, RoutingReason.AUDIT, slice, d.confidence(), d.kappa()),
                    label);
              }
              if (d.route() == Route.AI_ONLY) {
                count(d);
                return CompletableFuture.completedFuture(finish(request, label, d));
              }
              return toHuman(request, d, label);
            })
        .thenCompose(x -> x);
  }

  /**
   * The routing rule for an AI label (steps 4 of the class comment), without side effects: TRUSTED → AI_ONLY, every
   * other reason → HUMAN.
   */
  public RoutingDecision decide(FeedbackRequest request, Feedback aiLabel) {
    Require.nonNull("request", request);
    Require.nonNull("aiLabel", aiLabel);
    String slice = slicer.apply(request);
    Map<String, String> attrs = aiLabel.provenance().attributes();
    double confidence = confidence(aiLabel);
    OptionalDouble k = agreement.kappa(slice);
    Double kappa = k.isPresent() ? k.getAsDouble() : null;
    RoutingReason reason;
    if (!"true".equals(attrs.get(JudgeAttributes.ORDER_CONSISTENT))) {
      reason = RoutingReason.INCONSISTENT;
    } else if ("true".equals(attrs.get(JudgeAttributes.INJECTION_FLAGGED))) {
      reason = RoutingReason.INJECTION_FLAGGED;
    } else if (hasSoftLabel(aiLabel) && undecidedBand.contains(Math.min(1.0, 0.5 + confidence))) {
      reason = RoutingReason.UNDECIDED;
    } else if (confidence < confidenceThreshold) {
      reason = RoutingReason.LOW_CONFIDENCE;
    } else if (kappa == null || kappa < minKappa) {
      reason = RoutingReason.UNCALIBRATED;
    } else {
      reason = RoutingReason.TRUSTED;
    }
    return new RoutingDecision(
        reason == RoutingReason.TRUSTED ? Route.AI_ONLY : Route.HUMAN,
        reason,
        slice,
        confidence,
        kappa);
  }

  /** Whether the label carries a probability the undecided band can judge (pairwise, or binary with p). */
  private static boolean hasSoftLabel(Feedback f) {
    return f instanceof PairwiseComparison
        || (f instanceof BinaryLabel
            && f.provenance().attributes().containsKey(JudgeAttributes.P_DESIRABLE));
  }

  /** {@code |p − ½|} of a label: the soft label for pairwise, {@code p_desirable} for binary, else ½ (hard). */
  static double confidence(Feedback f) {
    if (f instanceof PairwiseComparison) {
      return Math.abs(((PairwiseComparison) f).effectiveProbabilityA() - 0.5);
    }
    if (f instanceof BinaryLabel) {
      String p = f.provenance().attributes().get(JudgeAttributes.P_DESIRABLE);
      if (p != null) {
        try {
          return Math.abs(Double.parseDouble(p) - 0.5);
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0.5;
  }

  private CompletionStage<Feedback> toHuman(
      FeedbackRequest request, RoutingDecision d, @Nullable Feedback aiLabel) {
    count(d);
    synchronized (this) {
      humanUsed++;
      if (humanUsed > humanBudget) {
        log.warn(
            "request {}: human review budget of {} exceeded ({}); sent anyway because {} items must be reviewed",
            request.id(),
            humanBudget,
            humanUsed,
            d.reason());
      }
    }
    emit(new FeedbackEvent.RoutedToHuman(request.id(), d.reason().name(), clock.instant()));
    ReviewTask task =
        new ReviewTask(request, d.reason(), showAiSuggestion ? aiLabel : null, clock.instant());
    return humans
        .enqueue(task)
        .thenApply(
            human -> {
              try {
                request.requireAnsweredBy(human);
              } catch (IllegalArgumentException wrongAnswer) {
                throw new IllegalStateException(
                    "the review queue "
                        + humans
                        + " answered request "
                        + request.id()
                        + " with a label about something else; nothing was stored",
                    wrongAnswer);
              }
              emit(new FeedbackEvent.LabelSubmitted(request.id(), human, clock.instant()));
              if (aiLabel != null
                  && (d.reason() == RoutingReason.AUDIT
                      || d.reason() == RoutingReason.UNCALIBRATED)) {
                agreement.record(d.slice(), aiLabel, human);
                checkAgreement(d.slice());
              }
              return finish(request, human, d);
            });
  }

  private void checkAgreement(String slice) {
    OptionalDouble k = agreement.kappa(slice);
    if (k.isEmpty()) {
      return;
    }
    boolean nowTrusted = k.getAsDouble() >= minKappa;
    Boolean before = trustedSlices.put(slice, nowTrusted);
    if (Boolean.TRUE.equals(before) && !nowTrusted) {
      log.warn(
          "slice {}: judge-human agreement dropped to kappa={} (< {}); the slice goes back to humans",
          slice,
          k.getAsDouble(),
          minKappa);
      emit(new FeedbackEvent.AgreementDropped(slice, k.getAsDouble(), minKappa, clock.instant()));
    }
  }

  private Feedback finish(FeedbackRequest request, Feedback label, RoutingDecision d) {
    Feedback fin = label;
    if (store != null && !store.append(request.id(), label)) {
      // stored by someone else (another router on the same store): that label is the one every
      // caller gets
      fin = stored(request.id());
    }
    emit(new FeedbackEvent.ItemCompleted(request.id(), fin, d.route().name(), clock.instant()));
    return fin;
  }

  private synchronized void count(RoutingDecision d) {
    byRoute.merge(d.route(), 1L, Long::sum);
    byReason.merge(d.reason(), 1L, Long::sum);
  }

  private void emit(FeedbackEvent e) {
    for (FeedbackListener l : listeners) {
      try {
        l.onEvent(e);
      } catch (RuntimeException ex) {
        log.warn(
            "feedback listener {} failed on {}: {}",
            l,
            e.getClass().getSimpleName(),
            ex.toString());
      }
    }
  }

  /**
   * Records an AI failure. The first of a series (after start or after an answer) is logged at WARN with the failure
   * as the throwable (so the binding prints its cause chain); the rest of the series at DEBUG.
   */
  private void aiFailed(FeedbackRequest request, Throwable failure) {
    boolean first;
    boolean circuitOpen = false;
    for (Throwable c = failure; c != null; c = c.getCause()) {
      circuitOpen |= c instanceof CircuitOpenException;
    }
    synchronized (this) {
      aiFailures++;
      if (circuitOpen) {
        aiRejectedByOpenCircuit++;
      }
      first = aiFailingSince == null;
      if (first) {
        aiFailingSince = clock.instant();
      }
      lastAiFailure = failure;
    }
    if (first) {
      log.warn(
          "request {}: the AI source failed ({}); its items go to humans until it answers again (further "
              + "failures are logged at DEBUG; see stats())",
          request.id(),
          describe(failure),
          failure);
    } else {
      log.debug(
          "request {}: the AI source failed again ({}); routing to a human",
          request.id(),
          describe(failure));
    }
  }

  private void aiAnswered() {
    Duration series = null;
    synchronized (this) {
      if (aiFailingSince != null) {
        series = Duration.between(aiFailingSince, clock.instant());
        aiDownBefore = aiDownBefore.plus(series);
        aiFailingSince = null;
      }
    }
    if (series != null) {
      log.info("the AI source answers again after failing for {}", series);
    }
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /** {@code Class: message} of the failure and of its root cause (a refused connection has no message). */
  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String head = t.getClass().getSimpleName() + ": " + t.getMessage();
    return root == t ? head : head + "; root cause " + root;
  }

  @Override
  public String toString() {
    return "HybridRouter[confidenceThreshold="
        + confidenceThreshold
        + ", undecidedBand="
        + undecidedBand
        + ", minKappa="
        + minKappa
        + ", auditFraction="
        + auditFraction
        + ", humanCategories="
        + new TreeSet<>(humanCategories)
        + "]";
  }

  /** Configures a {@link HybridRouter}. */
  public static final class Builder {
    private @Nullable FeedbackSource ai;
    private @Nullable HumanReviewQueue humans;
    private double confidenceThreshold = 0.2;
    private UndecidedBand undecidedBand = UndecidedBand.NONE;
    private double minKappa = 0.6;
    private double auditFraction = 0.1;
    private Set<String> humanCategories = Set.of();
    private String categoryKey = "category";
    private @Nullable Function<FeedbackRequest, String> slicer;
    private RandomGenerator random = new SplittableRandom(0);
    private Clock clock = Clock.systemUTC();
    private final List<FeedbackListener> listeners = new ArrayList<>();
    private long humanBudget = Long.MAX_VALUE;
    private @Nullable FeedbackStore store;
    private int agreementWindow = 500;
    private int minAgreementSamples = 30;
    private boolean showAiSuggestion;
    private Logger logger = LoggerFactory.getLogger(HybridRouter.class);

    private Builder() {}

    /** The AI side: an {@code LlmJudge}, a reward-model source, any source (required). */
    public Builder ai(FeedbackSource source) {
      this.ai = Require.nonNull("ai", source);
      return this;
    }

    /** The human side (required). */
    public Builder humans(HumanReviewQueue queue) {
      this.humans = Require.nonNull("humans", queue);
      return this;
    }

    /**
     * Minimum {@code |p − ½|} for an AI label to stand alone (default 0.2, i.e. p ≥ 0.7 or ≤ 0.3 — align4j's choice:
     * the RLAIF and CAI papers use soft labels for training and set no routing threshold).
     */
    public Builder confidenceThreshold(double c) {
      this.confidenceThreshold = Require.inClosedRange("confidenceThreshold", c, 0, 0.5);
      return this;
    }

    /**
     * The confidences {@code max(p, 1 − p)} at which the judge abstains and the item goes to a person (reason
     * {@code UNDECIDED}); default {@link UndecidedBand#NONE}, since a band is a property of one judge: take it from
     * the judge's calibration report ({@code JudgeCalibrator}, target accuracy 0.81 by default).
     */
    public Builder undecidedBand(UndecidedBand band) {
      this.undecidedBand = Require.nonNull("undecidedBand", band);
      return this;
    }

    /**
     * Minimum judge–human Cohen's κ on a slice (default 0.6, the lower edge of "substantial", Landis &amp; Koch 1977).
     */
    public Builder minKappa(double k) {
      this.minKappa = Require.inClosedRange("minKappa", k, -1, 1);
      return this;
    }

    /** Share of AI-labelled items also sent to humans (default 0.1). */
    public Builder auditFraction(double f) {
      this.auditFraction = Require.probability("auditFraction", f);
      return this;
    }

    /** Categories (values of the category metadata key) that always go to humans. */
    public Builder humanCategories(Set<String> categories) {
      this.humanCategories = Set.copyOf(Require.nonNull("humanCategories", categories));
      return this;
    }

    /** Metadata key holding the category (default {@code "category"}); also the default slice key. */
    public Builder categoryKey(String key) {
      this.categoryKey = Require.nonBlank("categoryKey", key);
      return this;
    }

    /** How requests map to agreement slices (default: the category metadata, else {@value #DEFAULT_SLICE}). */
    public Builder slicer(Function<FeedbackRequest, String> f) {
      this.slicer = Require.nonNull("slicer", f);
      return this;
    }

    /** Seeded source of the audit draws (default {@code new SplittableRandom(0)}). */
    public Builder random(RandomGenerator r) {
      this.random = Require.nonNull("random", r);
      return this;
    }

    /** Time source of events and tasks (default UTC system clock). */
    public Builder clock(Clock c) {
      this.clock = Require.nonNull("clock", c);
      return this;
    }

    /** Adds an event listener. */
    public Builder listener(FeedbackListener l) {
      this.listeners.add(Require.nonNull("listener", l));
      return this;
    }

    /** Human reviews allowed for optional work (audits); default unlimited. */
    public Builder humanBudget(long reviews) {
      Require.argument(reviews >= 0, "humanBudget must be >= 0, was %d", reviews);
      this.humanBudget = reviews;
      return this;
    }

    /** Where final labels are appended (idempotent by request id); none by default. */
    public Builder store(FeedbackStore s) {
      this.store = Require.nonNull("store", s);
      return this;
    }

    /** Agreement window and minimum pairs before κ counts (defaults 500 and 30). */
    public Builder agreement(int window, int minSamples) {
      Require.positive("window", window);
      Require.positive("minSamples", minSamples);
      this.agreementWindow = window;
      this.minAgreementSamples = minSamples;
      return this;
    }

    /** Whether review tasks carry the AI label as a suggestion (default false: blind review). */
    public Builder showAiSuggestion(boolean show) {
      this.showAiSuggestion = show;
      return this;
    }

    /** Where the router logs (default the class's slf4j logger). */
    public Builder logger(Logger l) {
      this.logger = Require.nonNull("logger", l);
      return this;
    }

    /** Builds the router. */
    public HybridRouter build() {
      Require.argument(ai != null, "ai must be set, was null");
      Require.argument(humans != null, "humans must be set, was null");
      return new HybridRouter(this);
    }
  }
}
