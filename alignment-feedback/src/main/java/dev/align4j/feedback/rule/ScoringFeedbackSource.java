package dev.align4j.feedback.rule;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.math.StableMath;
import dev.align4j.core.text.Completion;
import dev.align4j.feedback.judge.JudgeAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Labels from scores: any {@link RewardModel} (provenance {@code MODEL}) or deterministic rule written as one
 * (provenance {@code RULE}) — AI feedback without an LLM, and a fast, exact source for tests.
 *
 * <ul>
 *   <li>pairwise: {@code p(A ≻ B) = σ((r_A − r_B) / temperature)} (the Bradley–Terry reading of a reward model);
 *       outcome TIE when {@code |r_A − r_B| ≤ tieMargin}, else the higher score;
 *   <li>ranking: candidates by descending score, ties by candidate index;
 *   <li>rating: {@code min + σ(r / temperature)·(max − min)} on the request's scale;
 *   <li>binary: desirable when {@code r ≥ threshold}.
 * </ul>
 *
 * <p>A score that is NaN or infinite fails the request with {@link IllegalArgumentException} naming the candidate.
 * Answers are immediate (a completed stage) on the calling thread.
 */
public final class ScoringFeedbackSource implements FeedbackSource {
  private final RewardModel scorer;
  private final String id;
  private final SourceKind kind;
  private final double temperature;
  private final double tieMargin;
  private final double threshold;
  private final Clock clock;

  private ScoringFeedbackSource(RewardModel scorer, String id, SourceKind kind, double temperature, double tieMargin,
      double threshold, Clock clock) {
    this.scorer = Require.nonNull("scorer", scorer);
    this.id = Require.nonBlank("id", id);
    this.kind = kind;
    this.temperature = Require.positive("temperature", temperature);
    this.tieMargin = Require.nonNegative("tieMargin", tieMargin);
    this.threshold = Require.finite("threshold", threshold);
    this.clock = Require.nonNull("clock", clock);
  }

  /** A reward-model source: temperature 1, tie margin 0, binary threshold 0, UTC clock. */
  public static ScoringFeedbackSource fromRewardModel(String modelId, RewardModel model) {
    return new ScoringFeedbackSource(model, modelId, SourceKind.MODEL, 1.0, 0.0, 0.0, Clock.systemUTC());
  }

  /** A rule source (e.g. a regex or a verifier scoring 1 for pass, 0 for fail): same defaults. */
  public static ScoringFeedbackSource fromRule(String ruleId, RewardModel rule) {
    return new ScoringFeedbackSource(rule, ruleId, SourceKind.RULE, 1.0, 0.0, 0.0, Clock.systemUTC());
  }

  /** A copy with another temperature for the soft label and the rating map. */
  public ScoringFeedbackSource withTemperature(double t) {
    return new ScoringFeedbackSource(scorer, id, kind, t, tieMargin, threshold, clock);
  }

  /** A copy with another tie margin. */
  public ScoringFeedbackSource withTieMargin(double margin) {
    return new ScoringFeedbackSource(scorer, id, kind, temperature, margin, threshold, clock);
  }

  /** A copy with another binary threshold. */
  public ScoringFeedbackSource withThreshold(double t) {
    return new ScoringFeedbackSource(scorer, id, kind, temperature, tieMargin, t, clock);
  }

  /** A copy with another clock. */
  public ScoringFeedbackSource withClock(Clock c) {
    return new ScoringFeedbackSource(scorer, id, kind, temperature, tieMargin, threshold, c);
  }

  @Override
  public CompletionStage<Feedback> request(FeedbackRequest request) {
    Require.nonNull("request", request);
    try {
      return CompletableFuture.completedFuture(label(request));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Feedback label(FeedbackRequest request) {
    List<Completion> cs = request.candidates();
    double[] r = new double[cs.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = Require.finite("score of candidate " + i + " of request " + request.id(),
          scorer.score(request.prompt(), cs.get(i)));
    }
    Map<String, String> attrs = new TreeMap<>();
    attrs.put(JudgeAttributes.ORDER_CONSISTENT, "true");
    switch (request.kind()) {
      case PAIRWISE: {
        double diff = r[0] - r[1];
        double p = StableMath.sigmoid(diff / temperature);
        Outcome o = Math.abs(diff) <= tieMargin ? Outcome.TIE : diff > 0 ? Outcome.A : Outcome.B;
        attrs.put("score_a", fmt(r[0]));
        attrs.put("score_b", fmt(r[1]));
        return new PairwiseComparison(request.prompt(), cs.get(0), cs.get(1), o, p, Math.abs(diff),
            Presentation.UNKNOWN, provenance(attrs));
      }
      case RANKING: {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
          order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -r[i]).thenComparingInt(i -> i));
        return new Ranking(request.prompt(), cs, order, provenance(attrs));
      }
      case RATING: {
        RatingScale s = Require.nonNull("scale", request.scale());
        double v = s.min() + StableMath.sigmoid(r[0] / temperature) * (s.max() - s.min());
        attrs.put("score", fmt(r[0]));
        return new Rating(request.prompt(), cs.get(0), Math.max(s.min(), Math.min(s.max(), v)), s, provenance(attrs));
      }
      default:
        attrs.put("score", fmt(r[0]));
        return new BinaryLabel(request.prompt(), cs.get(0), r[0] >= threshold, provenance(attrs));
    }
  }

  private Provenance provenance(Map<String, String> attrs) {
    return new Provenance(kind, id, null, null, clock.instant(), attrs);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }

  @Override
  public String toString() {
    return "ScoringFeedbackSource[" + kind + " " + id + ", temperature=" + temperature + "]";
  }
}
