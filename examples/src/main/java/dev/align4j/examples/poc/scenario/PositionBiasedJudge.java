package dev.align4j.examples.poc.scenario;

import dev.align4j.core.FeedbackKind;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.feedback.judge.JudgeAttributes;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A simulated AI labeller (an LLM judge stand-in) with a planted position bias: it favours whichever candidate is
 * shown first, as LLM judges are known to (Zheng et al. 2023, "Judging LLM-as-a-Judge", §3.3).
 *
 * <p>Like a judge that asks in both orders, it answers each pairwise request twice. In each call it perceives the two
 * candidates afresh ({@code u = gold + noiseSd × ε}, ε ~ N(0, 1)) and gives
 *
 * <pre>
 *   p(first ≻ second) = σ(u_first − u_second + positionBias)
 * </pre>
 *
 * <p>with {@code positionBias} in logits. The label's soft probability is the mean of the two calls' p(A ≻ B), its
 * outcome A when that mean is above ½, B below, a tie at ½. The provenance carries the {@link JudgeAttributes} the
 * {@code HybridRouter} reads: {@code order_consistent} (both calls' verdicts agree), the per-order verdicts and
 * probabilities — so the bias is measurable from the labels alone: with equal candidates
 * {@code p_a_first − p_b_first = 2σ(positionBias) − 1} in expectation.
 *
 * <p>Randomness depends only on the seed, the model id and the request id. Answers {@link FeedbackKind#PAIRWISE} only.
 */
public final class PositionBiasedJudge implements FeedbackSource {
  private final String modelId;
  private final double positionBias;
  private final double noiseSd;
  private final long seed;
  private final Clock clock;

  private PositionBiasedJudge(Builder b) {
    this.modelId = b.modelId;
    this.positionBias = b.positionBias;
    this.noiseSd = b.noiseSd;
    this.seed = b.seed;
    this.clock = b.clock;
  }

  /** A builder with the defaults below. */
  public static Builder builder() {
    return new Builder();
  }

  /** The planted position bias in logits. */
  public double positionBias() {
    return positionBias;
  }

  @Override
  public CompletionStage<Feedback> request(FeedbackRequest request) {
    Arguments.nonNull("request", request);
    if (request.kind() != FeedbackKind.PAIRWISE) {
      return CompletableFuture.failedFuture(PerceivedQuality.unsupported(request));
    }
    Completion a = request.candidates().get(0);
    Completion b = request.candidates().get(1);
    SplittableRandom r = PerceivedQuality.randomFor(seed, modelId, request);
    double pA1 = firstPreferred(request, a, b, r);
    double pA2 = 1.0 - firstPreferred(request, b, a, r);
    Outcome v1 = verdict(pA1);
    Outcome v2 = verdict(pA2);
    double pA = 0.5 * (pA1 + pA2);
    Map<String, String> attrs = new TreeMap<>();
    attrs.put(JudgeAttributes.ORDER_CONSISTENT, String.valueOf(v1 == v2));
    attrs.put(JudgeAttributes.VERDICT_A_FIRST, v1.name());
    attrs.put(JudgeAttributes.VERDICT_B_FIRST, v2.name());
    attrs.put(JudgeAttributes.P_A_FIRST, String.format(Locale.ROOT, "%.6f", pA1));
    attrs.put(JudgeAttributes.P_B_FIRST, String.format(Locale.ROOT, "%.6f", pA2));
    Provenance provenance =
        new Provenance(SourceKind.AI, modelId, null, null, clock.instant(), attrs);
    return CompletableFuture.completedFuture(
        new PairwiseComparison(
            request.prompt(), a, b, verdict(pA), pA, null, Presentation.BOTH_ORDERS, provenance));
  }

  private double firstPreferred(
      FeedbackRequest request, Completion first, Completion second, SplittableRandom r) {
    double u1 = PerceivedQuality.of(request.prompt(), first, 0.0, noiseSd, r);
    double u2 = PerceivedQuality.of(request.prompt(), second, 0.0, noiseSd, r);
    return 1.0 / (1.0 + Math.exp(-(u1 - u2 + positionBias)));
  }

  private static Outcome verdict(double pA) {
    return pA > 0.5 ? Outcome.A : pA < 0.5 ? Outcome.B : Outcome.TIE;
  }

  @Override
  public String toString() {
    return "PositionBiasedJudge["
        + modelId
        + ", positionBias="
        + positionBias
        + ", noiseSd="
        + noiseSd
        + "]";
  }

  /** Builder; defaults are this project's choice for a judge that is useful but visibly biased. */
  public static final class Builder {
    private String modelId = "simulated-judge";
    private double positionBias = 1.0;
    private double noiseSd = 0.4;
    private long seed = 18;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Model id in the provenance (default {@code simulated-judge}). */
    public Builder modelId(String id) {
      this.modelId = Arguments.nonBlank("modelId", id);
      return this;
    }

    /**
     * Logit added in favour of the candidate shown first (default 1.0: with equal candidates the first is preferred
     * with probability σ(1) ≈ 0.73, inside the range of first-position preference reported for LLM judges).
     */
    public Builder positionBias(double logit) {
      this.positionBias = Arguments.finite("positionBias", logit);
      return this;
    }

    /** Standard deviation of the perception noise in gold-reward units (default 0.4). */
    public Builder noiseSd(double sd) {
      this.noiseSd = Arguments.nonNegative("noiseSd", sd);
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

    /** The judge. */
    public PositionBiasedJudge build() {
      return new PositionBiasedJudge(this);
    }
  }
}
