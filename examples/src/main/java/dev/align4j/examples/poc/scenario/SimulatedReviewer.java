package dev.align4j.examples.poc.scenario;

import dev.align4j.core.FeedbackKind;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.examples.poc.Arguments;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A simulated human reviewer answering pairwise requests. The reviewer perceives each candidate's quality as
 *
 * <pre>
 *   u(y) = gold(x, y) + lengthLiking × characters(y) / unit + noiseSd × ε,   ε ~ N(0, 1)
 * </pre>
 *
 * <p>and prefers the candidate with the higher {@code u} (a tie only when equal). {@code unit} is the language's length
 * unit ({@link Language}). A reviewer with {@code lengthLiking > 0} systematically prefers longer replies — the bias a
 * reward model trained on their labels inherits. The noise depends only on the reviewer's seed and the request id,
 * so the same request always gets the same answer, whatever the call order or thread, and reviewers
 * with one seed but different ids still disagree independently.
 *
 * <p>Answers {@link FeedbackKind#PAIRWISE} only; any other kind completes exceptionally with an
 * {@link IllegalArgumentException}. Labels carry a human {@link Provenance} with the reviewer's id.
 */
public final class SimulatedReviewer implements FeedbackSource {
  private final String id;
  private final double noiseSd;
  private final double lengthLiking;
  private final long seed;
  private final Clock clock;

  private SimulatedReviewer(Builder b) {
    this.id = Arguments.nonBlank("id", b.id);
    this.noiseSd = b.noiseSd;
    this.lengthLiking = b.lengthLiking;
    this.seed = b.seed;
    this.clock = b.clock;
  }

  /** A builder; {@code id} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The scenario's panel of three reviewers: {@code careful} (noise 0.3), {@code hurried} (noise 1.0) and
   * {@code verbose-fan} (noise 0.5, length liking 1.0 per unit: a longer reply by one unit looks as good as a
   * courteous closing twice over). Seeds derive from {@code seed}.
   */
  public static List<SimulatedReviewer> panel(long seed, Clock clock) {
    return List.of(
        builder().id("careful").noiseSd(0.3).seed(seed).clock(clock).build(),
        builder().id("hurried").noiseSd(1.0).seed(seed + 1).clock(clock).build(),
        builder()
            .id("verbose-fan")
            .noiseSd(0.5)
            .lengthLiking(1.0)
            .seed(seed + 2)
            .clock(clock)
            .build());
  }

  /** The reviewer's id. */
  public String id() {
    return id;
  }

  @Override
  public CompletionStage<Feedback> request(FeedbackRequest request) {
    Arguments.nonNull("request", request);
    if (request.kind() != FeedbackKind.PAIRWISE) {
      return CompletableFuture.failedFuture(PerceivedQuality.unsupported(request));
    }
    Completion a = request.candidates().get(0);
    Completion b = request.candidates().get(1);
    SplittableRandom r = PerceivedQuality.randomFor(seed, id, request);
    double ua = PerceivedQuality.of(request.prompt(), a, lengthLiking, noiseSd, r);
    double ub = PerceivedQuality.of(request.prompt(), b, lengthLiking, noiseSd, r);
    Outcome outcome = ua > ub ? Outcome.A : ua < ub ? Outcome.B : Outcome.TIE;
    return CompletableFuture.completedFuture(
        new PairwiseComparison(
            request.prompt(),
            a,
            b,
            outcome,
            null,
            null,
            Presentation.A_FIRST,
            Provenance.human(id, clock.instant())));
  }

  @Override
  public String toString() {
    return "SimulatedReviewer["
        + id
        + ", noiseSd="
        + noiseSd
        + ", lengthLiking="
        + lengthLiking
        + "]";
  }

  /** Builder; defaults are this project's choice for a moderately reliable reviewer. */
  public static final class Builder {
    private String id = "";
    private double noiseSd = 0.5;
    private double lengthLiking = 0.0;
    private long seed = 18;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The reviewer's id (required; appears in provenance). */
    public Builder id(String id) {
      this.id = Arguments.nonBlank("id", id);
      return this;
    }

    /** Standard deviation of the perception noise in gold-reward units (default 0.5). */
    public Builder noiseSd(double sd) {
      this.noiseSd = Arguments.nonNegative("noiseSd", sd);
      return this;
    }

    /** Perceived gain per language length unit of reply (default 0: no length bias). */
    public Builder lengthLiking(double perUnit) {
      this.lengthLiking = Arguments.finite("lengthLiking", perUnit);
      return this;
    }

    /** Seed of the noise (default 18). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Clock for the provenance timestamp (default the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = Arguments.nonNull("clock", clock);
      return this;
    }

    /** The reviewer. */
    public SimulatedReviewer build() {
      return new SimulatedReviewer(this);
    }
  }
}
